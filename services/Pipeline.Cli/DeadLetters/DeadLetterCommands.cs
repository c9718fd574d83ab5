using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using Pipeline.Kafka;
using Spectre.Console;

namespace Pipeline.Cli.DeadLetters;

/// <summary><c>pipeline dlq inspect | replay</c>: find every rejected record, and re-run them after a fix.</summary>
internal static class DeadLetterCommands
{
    public static Command Build()
    {
        var command = new Command("dlq", "Dead letters of a feed: inspect them, or replay them after fixing its definition.");
        command.Subcommands.Add(Inspect());
        command.Subcommands.Add(Replay());
        return command;
    }

    private static Option<DateTimeOffset?> Since() => new("--since") { Description = "Only dead letters written at or after this time (ISO 8601)." };

    private static Command Inspect()
    {
        var feed = new Argument<string>("feed") { Description = "Feed id." };
        var bootstrap = KafkaCliOptions.Bootstrap();
        var prefix = KafkaCliOptions.TopicPrefix();
        var since = Since();
        var command = new Command("inspect", "List a feed's dead letters: when, which stage, where from, which field, why.") { feed, bootstrap, prefix, since };
        command.SetAction(parse =>
        {
            if (KafkaCliOptions.From(parse.GetValue(bootstrap), parse.GetValue(prefix)) is not { } options)
            {
                return 1;
            }
            var letters = DeadLetterReplayer.Read(options, parse.GetValue(feed)!, parse.GetValue(since));
            var table = new Table().AddColumns("time (UTC)", "stage", "from", "field", "reason", "kept");
            foreach (var letter in letters)
            {
                table.AddRow(
                    letter.Time?.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "",
                    letter.Record.Stage,
                    Markup.Escape($"{letter.Record.OriginalTopic}[{letter.Record.OriginalPartition}]@{letter.Record.OriginalOffset}#{letter.Record.OriginalRecord}"),
                    Markup.Escape(letter.Record.Field ?? ""),
                    Markup.Escape(letter.Record.Reason),
                    letter.Record.Truncated ? $"{letter.Record.Payload.Length:N0} of {letter.Record.OriginalSize:N0} B" : $"{letter.Record.Payload.Length:N0} B");
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"{letters.Count} dead letter(s)");
            return 0;
        });
        return command;
    }

    private static Command Replay()
    {
        var feed = new Argument<string>("feed") { Description = "Feed id." };
        var bootstrap = KafkaCliOptions.Bootstrap();
        var prefix = KafkaCliOptions.TopicPrefix();
        var since = Since();
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be replayed; publish nothing." };
        var command = new Command("replay", "Publish a feed's dead-lettered records again to the topic each was rejected from (raw records to the raw topic, after a definition fix); records that now pass are stored exactly once.")
        {
            feed, bootstrap, prefix, since, dryRun,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (KafkaCliOptions.From(parse.GetValue(bootstrap), parse.GetValue(prefix)) is not { } options)
            {
                return 1;
            }
            var result = await DeadLetterReplayer.ReplayAsync(options, parse.GetValue(feed)!, parse.GetValue(since), parse.GetValue(dryRun), cancellationToken);
            Console.WriteLine(result.Describe());
            return result.Skipped.Count == 0 ? 0 : 2;
        });
        return command;
    }
}

/// <summary>A dead letter with its time.</summary>
internal sealed record TimedDeadLetter(DeadLetterRecord Record, DateTimeOffset? Time);

/// <summary>What a replay did.</summary>
internal sealed record ReplayResult(int DeadLetters, int Messages, IReadOnlyList<string> Skipped, bool DryRun)
{
    public string Describe()
    {
        var verb = DryRun ? "would republish" : "republished";
        var text = $"{DeadLetters} dead letter(s) from {Messages + Skipped.Count} raw message(s): {verb} {Messages}";
        return Skipped.Count == 0 ? text : text + $", skipped {Skipped.Count}:" + Environment.NewLine + string.Join(Environment.NewLine, Skipped.Select(s => "  " + s));
    }
}

/// <summary>
/// Replays dead letters by their origin: each rejected message is fetched again from the topic
/// the dead letter names (with partition and offset) and published to that topic anew: an
/// Ingest rejection goes back to the feed's raw topic, so the current definition reads every
/// record of the message; a Process rejection goes back to the normalized reports. Records that
/// were stored before are exact duplicates and change nothing. When retention has removed the original, the dead
/// letter's own payload is used if it was kept whole; otherwise the message is reported as skipped.
/// </summary>
internal static class DeadLetterReplayer
{
    public static IReadOnlyList<TimedDeadLetter> Read(KafkaOptions options, string feedId, DateTimeOffset? since)
    {
        using var reader = new DeadLetterReader(options, options.BootstrapServers!, [options.TopicNames.FeedDeadLetter(feedId)]);
        var letters = new List<TimedDeadLetter>();
        // Keep reading while the topic yields records; a quiet second means we reached its end.
        while (true)
        {
            var batch = reader.Poll(TimeSpan.FromSeconds(letters.Count == 0 ? 8 : 1));
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var record in batch)
            {
                var time = record.Time;
                if (since is null || time is null || time >= since)
                {
                    letters.Add(new TimedDeadLetter(record, time));
                }
            }
        }
        return letters;
    }

    public static async Task<ReplayResult> ReplayAsync(KafkaOptions options, string feedId, DateTimeOffset? since, bool dryRun, CancellationToken cancellationToken)
    {
        var letters = Read(options, feedId, since);
        var byMessage = letters.GroupBy(l => (l.Record.OriginalTopic, l.Record.OriginalPartition, l.Record.OriginalOffset)).ToList();
        var skipped = new List<string>();
        var outgoing = new List<OutgoingMessage>();
        using var fetcher = new ConsumerBuilder<byte[]?, byte[]>(KafkaClientConfig.Consumer(options, options.BootstrapServers!, $"pipeline.dlq-replay.{Guid.NewGuid():N}", "pipeline-dlq-replay")).Build();
        foreach (var message in byMessage)
        {
            var (topic, partition, offset) = message.Key;
            var original = Fetch(fetcher, topic, partition, offset);
            if (original is not null)
            {
                outgoing.Add(new OutgoingMessage(topic, original.Message.Key, original.Message.Value));
                continue;
            }
            var whole = message.FirstOrDefault(l => !l.Record.Truncated && message.Count() == 1);
            if (whole is not null)
            {
                outgoing.Add(new OutgoingMessage(topic, null, whole.Record.Payload));
            }
            else
            {
                skipped.Add($"{topic}[{partition}]@{offset}: the raw message is no longer retained and its dead letters do not hold it whole");
            }
        }
        fetcher.Close();
        if (!dryRun && outgoing.Count > 0)
        {
            using var producer = new KafkaProducer(options, options.BootstrapServers!, "pipeline-dlq-replay");
            await producer.PublishAllAsync(outgoing, cancellationToken);
        }
        return new ReplayResult(letters.Count, outgoing.Count, skipped, dryRun);
    }

    private static ConsumeResult<byte[]?, byte[]>? Fetch(IConsumer<byte[]?, byte[]> consumer, string topic, int partition, long offset)
    {
        if (partition < 0 || offset < 0)
        {
            return null;
        }
        consumer.Assign(new TopicPartitionOffset(topic, partition, offset));
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
            while (DateTime.UtcNow < deadline)
            {
                var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (record is not null)
                {
                    // Retention may have moved the start past the offset: then this is another record.
                    return record.Offset.Value == offset ? record : null;
                }
            }
            return null;
        }
        finally
        {
            consumer.Unassign();
        }
    }
}
