using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Contracts;
using Pipeline.Fairness;
using Pipeline.Fairness.Decisions;
using Pipeline.Scoring;
using Pipeline.Scoring.Evaluation;
using Pipeline.Scoring.Features;
using Pipeline.Scoring.Model;
using Pipeline.Scoring.Redaction;
using Pipeline.Scoring.Training;
using Pipeline.Storage;
using Pipeline.Worker.Fairness;
using Spectre.Console;

namespace Pipeline.Cli.Models;

/// <summary><c>pipeline model train | evaluate | promote | list | explain | score</c>: the ISE-SAR scoring model's life cycle.</summary>
internal static class ModelCommands
{
    /// <summary>The generator seed the held-out evaluation set uses by default: never a training seed of the shipped commands.</summary>
    public const int DefaultEvaluationSeed = 9_001;

    /// <summary>The longest override reason the registry and the gate's report keep.</summary>
    private const int MaxOverrideReasonLength = 900;

    public static Command Build()
    {
        var command = new Command("model", "The ISE-SAR scoring model: train it, measure it, promote it to the workers, explain a decision, score a file.");
        command.Subcommands.Add(Train());
        command.Subcommands.Add(Evaluate());
        command.Subcommands.Add(Promote());
        command.Subcommands.Add(List());
        command.Subcommands.Add(Explain());
        command.Subcommands.Add(Score());
        return command;
    }

    private static Command Train()
    {
        var records = new Option<int>("--records") { Description = "Generated training reports.", DefaultValueFactory = _ => 100_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the training generator and of the trainer.", DefaultValueFactory = _ => 1 };
        var evaluationRecords = new Option<int>("--evaluation-records") { Description = "Generated held-out reports (other seed, held-out templates) to measure the model on.", DefaultValueFactory = _ => 20_000 };
        var evaluationSeed = new Option<int>("--evaluation-seed") { Description = "Seed of the held-out set.", DefaultValueFactory = _ => DefaultEvaluationSeed };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training split.", DefaultValueFactory = _ => new OneVsRestOptions().Epochs };
        var hashBits = new Option<int>("--hash-bits") { Description = "The feature space has 2^bits dimensions.", DefaultValueFactory = _ => FeatureOptions.Default.HashBits };
        var targetPrecision = new Option<double>("--target-precision") { Description = "Precision each category's threshold must reach on the calibration split.", DefaultValueFactory = _ => new OneVsRestOptions().TargetPrecision };
        var folds = new Option<int>("--folds") { Description = "Cross-fitting folds for calibration and thresholds (each fold scored by a model trained on the others; 0: one held-out split).", DefaultValueFactory = _ => new OneVsRestOptions().CalibrationFolds };
        var storeLabels = new Option<bool>("--store-labels") { Description = "Also train on the reports analysts labelled in the store (report_labels)." };
        var independent = new Option<string?>("--independent") { Description = "A labelled JSON-lines file written apart from the generator to measure the model on as well (default: the shipped independent set)." };
        var output = new Option<string?>("--out") { Description = "Model file to write (default: data/models/<version>.isesar)." };
        var register = new Option<bool>("--register") { Description = "Register the model in the store as a candidate (promote it with `model promote`)." };
        var createdAt = new Option<string?>("--created-at") { Description = "Creation time to record (ISO 8601), to rebuild a model byte for byte; default now." };
        var proxyPlaces = new Option<bool>("--proxy-places") { Description = "Generated narratives mention neighbourhoods whose distribution depends on race (training and held-out sets): a proxy a model can learn from biased labels." };
        var labelBias = new Option<string?>("--label-bias") { Description = "Skew the training labels against one group, as biased historical dispositions would: attribute=value:rate (e.g. race=B:0.3 records that share of the group's innocent reports as suspicious). For fairness testing; the held-out set keeps true labels." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("train", "Train the one-vs-rest model on generated narratives (and analyst labels), calibrate, choose thresholds, measure on held-out data, write the model file.")
        {
            records, seed, evaluationRecords, evaluationSeed, epochs, hashBits, targetPrecision, folds, storeLabels, independent, output, register, createdAt, proxyPlaces, labelBias, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            if (parse.GetValue(createdAt) is { } created && !DateTimeOffset.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out now))
            {
                await Console.Error.WriteLineAsync($"--created-at is not an ISO 8601 time: {created}");
                return 2;
            }
            var count = parse.GetValue(records);
            if (count < 100)
            {
                await Console.Error.WriteLineAsync("--records must be at least 100");
                return 2;
            }
            var trainingSeed = parse.GetValue(seed);
            LabelBias? bias = null;
            if (parse.GetValue(labelBias) is { } biasText && !TryLabelBias(biasText, out bias))
            {
                await Console.Error.WriteLineAsync($"--label-bias must be attribute=value:rate with a rate from 0 to 1, for example race=B:0.3 (got {biasText})");
                return 2;
            }
            var places = parse.GetValue(proxyPlaces);
            List<TrainingExample> examples;
            try
            {
                examples = Generate(trainingSeed, TemplateSplit.Training, count, places, bias);
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            var description = string.Create(CultureInfo.InvariantCulture, $"NarrativeGenerator seed {trainingSeed}, {count:N0} reports, training templates")
                + (places ? ", neighbourhood mentions" : "")
                + (bias is null ? "" : string.Create(CultureInfo.InvariantCulture, $", labels skewed against {bias.Attribute}={bias.Value} (rate {bias.Rate})"));
            // Opened before training, so that a missing store fails at once rather than after a minute.
            await using var store = parse.GetValue(storeLabels) || parse.GetValue(register)
                ? await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken, createSqlite: parse.GetValue(register))
                : null;
            if (store is null && (parse.GetValue(storeLabels) || parse.GetValue(register)))
            {
                return 1;
            }
            if (parse.GetValue(storeLabels))
            {
                var labelled = await store!.GetLabelledReportsAsync(cancellationToken);
                examples.AddRange(labelled.Select(l => new TrainingExample(l.Report, l.Categories)));
                description += string.Create(CultureInfo.InvariantCulture, $"; {labelled.Count:N0} analyst-labelled reports from the store");
            }

            FeatureOptions features;
            OneVsRestOptions options;
            try
            {
                features = new FeatureOptions { HashBits = parse.GetValue(hashBits) };
                features.Validate();
                options = new OneVsRestOptions { Seed = trainingSeed, Epochs = parse.GetValue(epochs), TargetPrecision = parse.GetValue(targetPrecision), CalibrationFolds = parse.GetValue(folds) };
                options.Validate();
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"training on {examples.Count:N0} reports ({description})..."));
            var watch = Stopwatch.StartNew();
            var model = OneVsRestTrainer.Train(examples, features, options, description, now);
            var trainingTime = watch.Elapsed;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained {model.Version} in {trainingTime.TotalSeconds:0.0} s"));

            var evaluations = new List<EvaluationSummary>();
            var heldOutSeed = parse.GetValue(evaluationSeed);
            var heldOutCount = Math.Max(100, parse.GetValue(evaluationRecords));
            var heldOutName = string.Create(CultureInfo.InvariantCulture, $"NarrativeGenerator seed {heldOutSeed}, {heldOutCount:N0} reports, held-out templates")
                + (places ? ", neighbourhood mentions" : "");
            // The evaluation bias-audit hook sees every held-out prediction with the report's protected attributes.
            var fairnessOptions = new FairnessOptions();
            var fairnessHook = new FairnessEvaluationHook(fairnessOptions, model.Featurizer);
            var heldOut = ModelEvaluation.Evaluate(model, Generate(heldOutSeed, TemplateSplit.HeldOut, heldOutCount, places), heldOutName, [fairnessHook]);
            evaluations.Add(ModelEvaluation.Summarize(heldOut, heldOutName));
            Console.WriteLine();
            Console.WriteLine($"held-out set: {heldOutName}");
            Console.WriteLine(ModelEvaluation.FormatText(heldOut));
            Console.WriteLine("fairness of the held-out predictions (flagged: any category; truth: the generator's label):");
            foreach (var sentence in AuditReportWriter.Summarize(fairnessHook.Result!, fairnessOptions))
            {
                Console.WriteLine("  " + sentence);
            }
            var independentPath = parse.GetValue(independent) ?? DefaultIndependentSet;
            if (File.Exists(independentPath))
            {
                var (labelled, errors) = ReadLabelled(independentPath);
                if (errors == 0 && labelled.Count > 0)
                {
                    var metrics = ModelEvaluation.Evaluate(model, labelled);
                    var name = $"{Path.GetFileName(independentPath)}, {labelled.Count:N0} reports written apart from the generator";
                    evaluations.Add(ModelEvaluation.Summarize(metrics, name));
                    Console.WriteLine($"independent set: {name}");
                    Console.WriteLine(ModelEvaluation.FormatText(metrics));
                }
            }
            model = model.WithEvaluations(evaluations);

            var path = parse.GetValue(output) ?? Path.Combine("data", "models", model.Version + ModelArtifact.Extension);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var bytes = ModelArtifact.Save(model, path);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {path} ({bytes.Length:N0} bytes); training took {trainingTime.TotalSeconds:0.0} s"));
            if (parse.GetValue(register))
            {
                await store!.RegisterModelAsync(Registration(model, bytes), Actor(null), DateTimeOffset.UtcNow, cancellationToken);
                var evaluationAudit = FairnessAudits.FromEvaluation(fairnessHook, model.Version, fairnessOptions, Actor(null), DateTimeOffset.UtcNow);
                await store.SaveFairnessReportAsync(evaluationAudit.Report, cancellationToken);
                Console.WriteLine($"registered {model.Version} as a candidate, with fairness report {evaluationAudit.Report.ReportId}; promote it with: ./pipeline model promote {model.Version}");
            }
            return 0;
        });
        return command;
    }

    private static Command Evaluate()
    {
        var model = ModelSource.Option();
        var records = new Option<int>("--records") { Description = "Generated held-out reports.", DefaultValueFactory = _ => 20_000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the held-out generator.", DefaultValueFactory = _ => DefaultEvaluationSeed };
        var file = new Option<string?>("--file") { Description = "Measure on this labelled JSON-lines file (id, narrative, labels, ...) instead of generated reports." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("evaluate", "Measure a model: per-category precision, recall, F1 and AUC, macro-F1, the confusion table and the expected calibration error.")
        {
            model, records, seed, file, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var loaded = await ModelSource.LoadAsync(parse.GetValue(model), parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (loaded is null)
            {
                return 1;
            }
            List<TrainingExample> examples;
            string name;
            if (parse.GetValue(file) is { } path)
            {
                if (!File.Exists(path))
                {
                    await Console.Error.WriteLineAsync($"no such file: {path}");
                    return 1;
                }
                var (labelled, errors) = ReadLabelled(path);
                if (errors > 0 || labelled.Count == 0)
                {
                    await Console.Error.WriteLineAsync(errors > 0 ? $"{errors} line(s) of {path} could not be read: fix them first" : $"{path} has no labelled lines");
                    return 1;
                }
                examples = labelled;
                name = $"{Path.GetFileName(path)}, {labelled.Count:N0} reports";
            }
            else
            {
                var count = Math.Max(100, parse.GetValue(records));
                examples = Generate(parse.GetValue(seed), TemplateSplit.HeldOut, count);
                name = string.Create(CultureInfo.InvariantCulture, $"NarrativeGenerator seed {parse.GetValue(seed)}, {count:N0} reports, held-out templates");
            }
            Console.WriteLine($"model {loaded.Version} on {name}");
            Console.WriteLine(ModelEvaluation.FormatText(ModelEvaluation.Evaluate(loaded, examples)));
            return 0;
        });
        return command;
    }

    private static Command Promote()
    {
        var model = new Argument<string>("model") { Description = "A registered version, or a model file to register and promote." };
        var reason = new Option<string?>("--reason") { Description = "Why, recorded in the registry's history." };
        var actor = new Option<string?>("--actor") { Description = "Who promotes (default: the user name)." };
        var policy = new Option<string?>("--policy") { Description = "The fairness policy the candidate must pass (default: the shipped fairness/policy.json)." };
        var overrideReason = new Option<string?>("--override-reason") { Description = "Promote a candidate that fails the fairness policy anyway; the reason is recorded in the registry and in the gate's fairness report." };
        var auditRecords = new Option<int>("--audit-records") { Description = "Reports in the generated fairness audit set the candidate is judged on.", DefaultValueFactory = _ => FairnessAudits.AuditSetRecords };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("promote", "Put a model in service once it passes the fairness gate: every worker on this store scores with it within its poll interval (Scoring:RegistryPollInterval, 10 s), without a restart.")
        {
            model, reason, actor, policy, overrideReason, auditRecords, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var argument = parse.GetValue(model)!;
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken, createSqlite: ModelSource.IsFile(argument));
            if (store is null)
            {
                return 1;
            }
            var who = Actor(parse.GetValue(actor));
            var version = argument;
            if (ModelSource.IsFile(argument))
            {
                var bytes = await File.ReadAllBytesAsync(argument, cancellationToken);
                IseSarModel loaded;
                try
                {
                    loaded = ModelArtifact.FromBytes(bytes);
                }
                catch (InvalidDataException e)
                {
                    await Console.Error.WriteLineAsync($"cannot read {argument}: {e.Message}");
                    return 1;
                }
                await store.RegisterModelAsync(Registration(loaded, bytes), who, DateTimeOffset.UtcNow, cancellationToken);
                version = loaded.Version;
            }
            FairnessPolicy rules;
            try
            {
                rules = FairnessPolicy.Load(parse.GetValue(policy) ?? FairnessAudits.DefaultPolicyPath);
            }
            catch (FairnessPolicyException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 2;
            }
            var candidate = await store.GetModelAsync(version, includeArtifact: true, cancellationToken);
            if (candidate?.Artifact is null)
            {
                await Console.Error.WriteLineAsync($"no registered model {version}");
                return 1;
            }
            var overriding = parse.GetValue(overrideReason) is { } text && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;
            if (overriding is { Length: > MaxOverrideReasonLength })
            {
                await Console.Error.WriteLineAsync($"--override-reason is {overriding.Length:N0} characters; write it in at most {MaxOverrideReasonLength:N0}");
                return 2;
            }
            var (examples, auditName) = FairnessAudits.AuditSet(Math.Max(100, parse.GetValue(auditRecords)));
            var run = FairnessAudits.AuditPredictions(
                ModelArtifact.FromBytes(candidate.Artifact), examples, auditName, rules.ToOptions(), who, DateTimeOffset.UtcNow, FairnessReportKind.Gate, rules);
            var decision = run.Gate!;
            Console.WriteLine($"fairness gate (policy {rules.Name}, {auditName}):");
            foreach (var sentence in run.Report.Summary.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                Console.WriteLine("  " + sentence);
            }
            if (!decision.Passed)
            {
                await Console.Error.WriteLineAsync($"{version} fails fairness policy {rules.Name} on {decision.Failures.Count} comparison(s):");
                foreach (var d in decision.Failures)
                {
                    await Console.Error.WriteLineAsync(Audit.AuditCommands.FailureLine(d)
                        + string.Create(CultureInfo.InvariantCulture, $", outside {rules.PassBandLower:0.00} to {rules.PassBandUpper:0.00}"));
                }
                if (decision.Judged == 0)
                {
                    await Console.Error.WriteLineAsync("  no gated comparison could be judged (no group large enough on the audit set): nothing was shown, so the gate does not pass");
                }
                else if (decision.Failures.Count == 0 && decision.Insufficient.Count > 0)
                {
                    await Console.Error.WriteLineAsync($"  {decision.Insufficient.Count} gated comparison(s) are insufficient and the policy says insufficient blocks promotion");
                }
                if (overriding is null)
                {
                    await store.SaveFairnessReportAsync(run.Report, cancellationToken);
                    await Console.Error.WriteLineAsync($"not promoted (fairness report {run.Report.ReportId}); to promote anyway, give the reason: --override-reason \"...\"");
                    return 3;
                }
                decision = decision with { OverrideReason = overriding, OverriddenBy = who };
                Console.WriteLine($"fairness gate overridden by {who}: {overriding}");
            }
            var gateReport = decision.Overridden
                ? FairnessAudits.Render(FairnessReportKind.Gate, run.Result, new AuditReportContext(version, auditName, run.Report.CreatedAt, rules.ToOptions()) { Gate = decision }, run.Decisions, who)
                : run.Report;
            await store.SaveFairnessReportAsync(gateReport, cancellationToken);
            var promotionReason = decision.Overridden
                ? $"fairness gate overridden ({decision.Failures.Count} failing comparison(s), report {gateReport.ReportId}): {overriding}" + (parse.GetValue(reason) is { } why ? $"; {why}" : "")
                : parse.GetValue(reason);
            var previous = await store.GetPromotedModelVersionAsync(cancellationToken);
            try
            {
                await store.PromoteModelAsync(version, who, promotionReason is { Length: > 1000 } ? promotionReason[..1000] : promotionReason, DateTimeOffset.UtcNow, cancellationToken);
            }
            catch (InvalidOperationException e)
            {
                await Console.Error.WriteLineAsync(e.Message);
                return 1;
            }
            Console.WriteLine(previous is null || previous == version
                ? $"promoted {version}"
                : $"promoted {version} (retired {previous}); workers switch within their poll interval");
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("list", "The model registry: every registered model, its status and how it measured.") { database, sqlServer };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (store is null)
            {
                return 1;
            }
            var table = new Table().AddColumns("version", "status", "created", "macro-F1 (held-out)", "promoted by", "reason");
            foreach (var model in await store.ListModelsAsync(cancellationToken))
            {
                table.AddRow(
                    Markup.Escape(model.Version),
                    model.Status.ToString(),
                    model.CreatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                    HeldOutMacroF1(model.MetadataJson),
                    Markup.Escape(model.PromotedBy ?? ""),
                    Markup.Escape(model.PromotionReason ?? ""));
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Explain()
    {
        var reportId = new Argument<string>("report-id") { Description = "The report's key (feed:source id, as stored)." };
        var model = ModelSource.Option();
        var top = new Option<int>("--top") { Description = "Features to show per category.", DefaultValueFactory = _ => 10 };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("explain", "Why a stored report scored as it did: each category's probability and threshold, the decision, and the features that contributed most.")
        {
            reportId, model, top, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            Report? report;
            await using (var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken))
            {
                if (store is null)
                {
                    return 1;
                }
                report = await store.GetReportAsync(parse.GetValue(reportId)!, cancellationToken);
            }
            if (report is null)
            {
                await Console.Error.WriteLineAsync($"no report {parse.GetValue(reportId)} in the store");
                return 1;
            }
            var loaded = await ModelSource.LoadAsync(parse.GetValue(model), parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (loaded is null)
            {
                return 1;
            }
            var scorer = new ModelScorer(loaded);
            var result = scorer.Score(report);
            var decision = new AlertPolicy().Decide(result, report.Narrative);
            var redaction = NarrativeRedactor.Default.Redact(report.Narrative);
            Console.WriteLine($"report {report.IdempotencyKey} ({report.Kind}{(report.CadCallType is { } type ? ", " + type : "")}) scored by {loaded.Version}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"decision: {decision.Reason}"));
            Console.WriteLine(redaction.DescriptorCount == 0
                ? "redaction: no protected descriptor in the narrative"
                : $"redaction: {redaction.DescriptorCount} protected descriptor(s) removed before scoring ({string.Join(", ", redaction.Removed.Select(pair => $"{pair.Key} {pair.Value}"))}); they count for nothing");
            var table = new Table().AddColumns("category", "group", "probability", "threshold", "flagged");
            foreach (var score in result.Scores.Take(6))
            {
                var index = IseSarCategories.IndexOf(score.Category);
                table.AddRow(score.Category, IseSarCategories.All[index].Group.ToString(), F(score.Score), F(loaded.Threshold(index)), result.Flagged.Contains(score.Category) ? "yes" : "");
            }
            AnsiConsole.Write(table);
            foreach (var group in scorer.Explain(report, result, Math.Max(1, parse.GetValue(top))).GroupBy(e => e.Category))
            {
                Console.WriteLine($"{group.Key}: what added most to its log-odds");
                foreach (var evidence in group)
                {
                    Console.WriteLine($"  {F(evidence.Contribution),8}  {evidence.Feature}");
                }
            }
            return 0;
        });
        return command;
    }

    private static Command Score()
    {
        var file = new Argument<string>("file") { Description = "JSON lines, one report per line: id and narrative required; kind, call_type, target_sector, occurred_at, location_precision, address optional. - reads standard input." };
        var model = ModelSource.Option();
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var command = new Command("score", "Score a JSON-lines file; one JSON line per report on standard output: id, categories, scores, priority, alert, hold, decision, explanation, model.")
        {
            file, model, database, sqlServer,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (path != "-" && !File.Exists(path))
            {
                await Console.Error.WriteLineAsync($"no such file: {path}");
                return 1;
            }
            var loaded = await ModelSource.LoadAsync(parse.GetValue(model), parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (loaded is null)
            {
                return 1;
            }
            var scorer = new ModelScorer(loaded);
            var policy = new AlertPolicy();
            using var reader = path == "-" ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8) : new StreamReader(path, Encoding.UTF8);
            await using var output = Console.OpenStandardOutput();
            var errors = 0;
            foreach (var (line, error) in ReportLines.Read(reader))
            {
                if (error is not null)
                {
                    errors++;
                    await Console.Error.WriteLineAsync($"line {error.Line}{(error.Id is null ? "" : $" (id {error.Id})")}: {error.Reason}");
                    continue;
                }
                var result = scorer.Score(line!.Report);
                var decision = policy.Decide(result, line.Report.Narrative);
                WriteScoreLine(output, line.Id, result, decision, scorer.Explain(line.Report, result), loaded.Version);
            }
            await output.FlushAsync(cancellationToken);
            return errors == 0 ? 0 : 1;
        });
        return command;
    }

    private static void WriteScoreLine(Stream output, string id, ScoringResult result, AlertDecision decision, IReadOnlyList<ScoreEvidence> explanation, string version)
    {
        using (var json = new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteStartArray("categories");
            foreach (var code in result.Flagged)
            {
                json.WriteStringValue(code);
            }
            json.WriteEndArray();
            json.WriteStartObject("scores");
            foreach (var category in IseSarCategories.All)
            {
                json.WriteNumber(category.Code, Math.Round(result.ScoreOf(category.Code), 4));
            }
            json.WriteEndObject();
            json.WriteNumber("priority", Math.Round(result.Priority, 4));
            json.WriteBoolean("alert", decision.Raise);
            if (decision.SupervisorReview)
            {
                json.WriteString("hold", decision.Reason);
            }
            else
            {
                json.WriteNull("hold");
            }
            json.WriteString("decision", decision.Reason);
            json.WriteStartArray("explanation");
            foreach (var evidence in explanation)
            {
                json.WriteStartObject();
                json.WriteString("category", evidence.Category);
                json.WriteString("feature", evidence.Feature);
                json.WriteNumber("weight", evidence.Contribution);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteString("model", version);
            json.WriteEndObject();
        }
        output.WriteByte((byte)'\n');
    }

    /// <summary>The independently written labelled set shipped beside the program.</summary>
    private static string DefaultIndependentSet => Path.Combine(AppContext.BaseDirectory, "models", "independent-narratives.jsonl");

    private static List<TrainingExample> Generate(int seed, TemplateSplit split, int count, bool proxyPlaces = false, LabelBias? bias = null) =>
        [.. new NarrativeGenerator(new NarrativeGeneratorOptions { Seed = seed, Split = split, ProxyPlaces = proxyPlaces, LabelBias = bias })
            .Generate(count).Select(l => new TrainingExample(l.Report, l.Categories, l.TemplateId))];

    /// <summary>Parses <c>attribute=value:rate</c>.</summary>
    private static bool TryLabelBias(string text, out LabelBias? bias)
    {
        bias = null;
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        var colon = text.LastIndexOf(':');
        if (equals <= 0 || colon <= equals + 1
            || !double.TryParse(text.AsSpan(colon + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate is < 0 or > 1)
        {
            return false;
        }
        bias = new LabelBias(text[..equals].Trim(), text[(equals + 1)..colon].Trim(), rate);
        return true;
    }

    private static (List<TrainingExample> Examples, int Errors) ReadLabelled(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var examples = new List<TrainingExample>();
        var errors = 0;
        foreach (var (line, error) in ReportLines.Read(reader))
        {
            if (error is not null || line!.Labels is null)
            {
                errors++;
                Console.Error.WriteLine(error is null ? $"{Path.GetFileName(path)}:{line!.Line}: no \"labels\"" : $"{Path.GetFileName(path)}:{error.Line}: {error.Reason}");
                continue;
            }
            examples.Add(new TrainingExample(line.Report, line.Labels));
        }
        return (examples, errors);
    }

    private static ModelRegistration Registration(IseSarModel model, byte[] bytes) =>
        new(model.Version, model.Metadata.CreatedAt, model.Metadata.TrainingDataHash, model.Metadata.ToJson(), bytes);

    private static string Actor(string? actor) => string.IsNullOrWhiteSpace(actor) ? Environment.UserName : actor.Trim();

    private static string HeldOutMacroF1(string metadataJson)
    {
        try
        {
            using var document = JsonDocument.Parse(metadataJson);
            return document.RootElement.TryGetProperty("evaluations", out var evaluations)
                && evaluations.ValueKind == JsonValueKind.Array && evaluations.GetArrayLength() > 0
                && evaluations[0].TryGetProperty("macroF1", out var f1) && f1.ValueKind == JsonValueKind.Number
                ? F(f1.GetDouble())
                : "-";
        }
        catch (JsonException)
        {
            return "-";
        }
    }

    private static string F(double value) => double.IsNaN(value) ? "-" : value.ToString("0.000", CultureInfo.InvariantCulture);
}
