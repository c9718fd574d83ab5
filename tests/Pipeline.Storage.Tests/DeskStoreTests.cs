using System.Globalization;
using Pipeline.Contracts;

namespace Pipeline.Storage.Tests;

/// <summary>The watch desk's store on SQLite: the queue, the vetting workflow, users and the audit trail.</summary>
public sealed class DeskStoreTests : StoreTestBase
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, 125, TimeSpan.Zero);

    [Theory]
    [InlineData(0.9, "THREAT", true, 1)]
    [InlineData(0.9, "THREAT", false, 1)]
    [InlineData(0.9, "PHOTO", false, 2)]
    [InlineData(0.6, "THREAT", false, 2)]
    [InlineData(0.6, "PHOTO", true, 2)]
    [InlineData(0.6, "PHOTO", false, 3)]
    [InlineData(0.3, "PHOTO", false, 4)]
    [InlineData(0.3, "not-a-code", false, 4)]
    public void UrgencyRisesWithPriorityGroupAAndATargetSector(double priority, string category, bool sector, int expected)
    {
        Assert.Equal(expected, AlertUrgency.Compute(priority, category, sector));
    }

    [Fact]
    public async Task RaisedAlertsGetTheirUrgencyAndSlaDeadline()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(1, "THREAT", 0.9), Write(2, "PHOTO", 0.3)], Ct);

        var page = await store.QueryAlertsAsync(new AlertQuery { Now = T0 }, Ct);

        Assert.Equal([(1, T0.AddMinutes(1).AddHours(1)), (4, T0.AddMinutes(2).AddHours(72))], page.Rows.Select(r => (r.Urgency, r.DueAt)));
    }

    [Fact]
    public async Task TheMigrationBackfillsUrgencyAndDueAtWithTheSameRule()
    {
        var store = await StoreAsync();
        await store.MigrateAsync(9, Ct);
        await using (var connection = await Target.OpenAsync(Ct))
        {
            var raised = "2026-11-21T08:00:00.1250000+00:00";
            foreach (var (key, category, priority, sector) in new[] { ("k1", "THREAT", 0.9, "Energy"), ("k2", "PHOTO", 0.6, null), ("k3", "PHOTO", 0.2, null) })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = string.Create(CultureInfo.InvariantCulture, $"""
                    INSERT INTO reports (idempotency_key, feed_id, source_record_id, kind, occurred_at, received_at, location_precision, narrative, target_sector, content_hash, schema_version, origin_topic, origin_partition, origin_offset, stored_at)
                    VALUES ('{key}', 'f', 's', 'Cad', '{raised}', '{raised}', 'None', 'n', {(sector is null ? "NULL" : $"'{sector}'")}, 'h', 1, 't', 0, 0, '{raised}');
                    INSERT INTO alerts (alert_id, report_key, feed_id, top_category, priority, scores, model_version, status, raised_at, updated_at)
                    VALUES ('a-{key}', '{key}', 'f', '{category}', {priority}, '[]', 'm', 'New', '{raised}', '{raised}');
                    """);
                await command.ExecuteNonQueryAsync(Ct);
            }
        }

        await store.MigrateAsync(Ct);

        var rows = (await store.QueryAlertsAsync(new AlertQuery { Now = T0 }, Ct)).Rows;
        Assert.Equal(
            [("a-k1", 1, T0.AddHours(1)), ("a-k2", 3, T0.AddHours(24)), ("a-k3", 4, T0.AddHours(72))],
            rows.Select(r => (r.AlertId, r.Urgency, r.DueAt)));
    }

    [Fact]
    public async Task TheQueueIsMostUrgentFirstThenOldestFirstAndLeavesClosedAlertsOut()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync(
            [
                Write(1, "PHOTO", 0.3, raisedMinutes: 1),   // urgency 4
                Write(2, "THREAT", 0.9, raisedMinutes: 5),  // 1, newer
                Write(3, "THREAT", 0.9, raisedMinutes: 2),  // 1, older
                Write(4, "PHOTO", 0.6, raisedMinutes: 0),   // 3
                Write(5, "PHOTO", 0.9, raisedMinutes: 3),   // 2
                Write(6, "PHOTO", 0.3, raisedMinutes: 0),   // 4, to be closed
            ],
            Ct);
        await store.ClaimAlertAsync(AlertId(6), "ana", T0, Ct);
        await store.DispositionAlertAsync(AlertId(6), "ana", AlertDisposition.NotIseSar, "NS-1", "tourist", T0, Ct);

        var page = await store.QueryAlertsAsync(new AlertQuery { Now = T0.AddHours(2) }, Ct);

        Assert.Equal([AlertId(3), AlertId(2), AlertId(5), AlertId(4), AlertId(1)], page.Rows.Select(r => r.AlertId));
        Assert.Equal([true, true, false, false, false], page.Rows.Select(r => r.Overdue));
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task EveryFilterNarrowsTheQueue()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync(
            [
                Write(1, "PHOTO", feed: "cad-a", raisedMinutes: 1, jurisdictions: ["metro-pd"]),
                Write(2, "THREAT", feed: "cad-b", raisedMinutes: 2, jurisdictions: ["county-so"]),
                Write(3, "SURVL", feed: "cad-a", raisedMinutes: 3, narrative: "a drone circling the water plant"),
                Write(4, "PHOTO", feed: "cad-c", raisedMinutes: 4),
            ],
            Ct);
        await store.ClaimAlertAsync(AlertId(4), "ana", T0, Ct);
        await store.ClaimAlertAsync(AlertId(1), "ben", T0, Ct);
        await store.DispositionAlertAsync(AlertId(1), "ben", AlertDisposition.IseSar, "ISE-1", "confirmed", T0, Ct);

        async Task<List<string>> Ids(AlertQuery q) => [.. (await store.QueryAlertsAsync(q, Ct)).Rows.Select(r => r.AlertId).Order(StringComparer.Ordinal)];
        var now = T0;

        Assert.Equal([AlertId(2), AlertId(3), AlertId(4)], await Ids(new AlertQuery { Now = now }));
        Assert.Equal([AlertId(4)], await Ids(new AlertQuery { Now = now, Categories = ["PHOTO"] }));
        Assert.Equal([AlertId(2), AlertId(4)], await Ids(new AlertQuery { Now = now, Categories = ["PHOTO", "THREAT"] }));
        Assert.Equal([AlertId(3)], await Ids(new AlertQuery { Now = now, FeedIds = ["cad-a"] }));
        Assert.Equal([AlertId(4)], await Ids(new AlertQuery { Now = now, Assignee = "ana" }));
        Assert.Equal([AlertId(4)], await Ids(new AlertQuery { Now = now, Statuses = [AlertStatus.InReview] }));
        Assert.Equal([AlertId(1)], await Ids(new AlertQuery { Now = now, Statuses = [AlertStatus.Vetted] }));
        Assert.Equal([AlertId(1), AlertId(2)], await Ids(new AlertQuery { Now = now, Statuses = [AlertStatus.Vetted, AlertStatus.New], RaisedTo = T0.AddMinutes(3) }));
        Assert.Equal([AlertId(3), AlertId(4)], await Ids(new AlertQuery { Now = now, RaisedFrom = T0.AddMinutes(3) }));
        Assert.Equal([AlertId(2)], await Ids(new AlertQuery { Now = now, Jurisdiction = "county-so" }));
        Assert.Equal([AlertId(3)], await Ids(new AlertQuery { Now = now, Text = "WATER PLANT" }));
        Assert.Empty(await Ids(new AlertQuery { Now = now, Text = "water plant", FeedIds = ["cad-b"] }));
    }

    [Fact]
    public async Task KeysetPagesCoverTheQueueWithoutGapsOrRepeats()
    {
        var store = await MigratedStoreAsync();
        // Equal urgencies and equal raise times, so the alert id has to break ties.
        await store.WriteBatchAsync([.. Enumerable.Range(1, 23).Select(n => Write(n, n % 3 == 0 ? "THREAT" : "PHOTO", 0.6, raisedMinutes: n % 4))], Ct);
        var all = (await store.QueryAlertsAsync(new AlertQuery { Now = T0, PageSize = 200 }, Ct)).Rows;

        var paged = new List<AlertQueueRow>();
        AlertCursor? after = null;
        var pages = 0;
        do
        {
            var page = await store.QueryAlertsAsync(new AlertQuery { Now = T0, PageSize = 5, After = after }, Ct);
            Assert.InRange(page.Rows.Count, 1, 5);
            paged.AddRange(page.Rows);
            after = page.Next;
            pages++;
        }
        while (after is not null);

        Assert.Equal(23, all.Count);
        Assert.Equal(5, pages);
        Assert.Equal(all.Select(r => r.AlertId), paged.Select(r => r.AlertId));
        var expected = all.OrderBy(r => r.Urgency).ThenBy(r => r.RaisedAt).ThenBy(r => r.AlertId, StringComparer.Ordinal).Select(r => r.AlertId);
        Assert.Equal(expected, all.Select(r => r.AlertId));
    }

    [Fact]
    public async Task APageHoldsAtMostTwoHundredRows()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([.. Enumerable.Range(1, 205).Select(n => Write(n))], Ct);

        var page = await store.QueryAlertsAsync(new AlertQuery { Now = T0, PageSize = 10_000 }, Ct);

        Assert.Equal(AlertQuery.MaxPageSize, page.Rows.Count);
        Assert.NotNull(page.Next);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.QueryAlertsAsync(new AlertQuery { Now = T0, PageSize = 0 }, Ct));
    }

    [Fact]
    public async Task SearchTextMatchesWildcardsLiterallyAndAnInjectionFindsNothingAndBreaksNothing()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync(
            [
                Write(1, narrative: "sign says 50% off at the gate"),
                Write(2, narrative: "sign says 5000 off at the gate"),
                Write(3, narrative: "badge a_b found"),
                Write(4, narrative: "badge axb found"),
                Write(5, narrative: @"path C:\x\y seen"),
            ],
            Ct);

        async Task<List<string>> Search(string text) => [.. (await store.QueryAlertsAsync(new AlertQuery { Now = T0, Text = text }, Ct)).Rows.Select(r => r.AlertId)];

        Assert.Equal([AlertId(1)], await Search("50%"));
        Assert.Equal([AlertId(3)], await Search("a_b"));
        Assert.Equal([AlertId(5)], await Search(@"C:\x"));
        Assert.Empty(await Search("'; DROP TABLE alerts; --"));
        Assert.Empty(await Search("%' OR '1'='1"));
        Assert.Equal(5, (await store.QueryAlertsAsync(new AlertQuery { Now = T0 }, Ct)).Rows.Count);
    }

    [Fact]
    public async Task OfTwoSimultaneousClaimsExactlyOneWins()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(1)], Ct);

        var claims = new[] { "ana", "ben" }.Select(actor => Task.Run(async () =>
        {
            try
            {
                await store.ClaimAlertAsync(AlertId(1), actor, T0, Ct);
                return (actor, (Exception?)null);
            }
            catch (InvalidOperationException ex)
            {
                return (actor, ex);
            }
        }, Ct)).ToList();
        var results = await Task.WhenAll(claims);

        var winner = Assert.Single(results, r => r.Item2 is null).actor;
        var loser = Assert.Single(results, r => r.Item2 is not null);
        Assert.Contains("claimed", loser.Item2!.Message, StringComparison.Ordinal);
        var row = Assert.Single((await store.QueryAlertsAsync(new AlertQuery { Now = T0 }, Ct)).Rows);
        Assert.Equal((AlertStatus.InReview, winner), (row.Status, row.Assignee));
        var history = Assert.Single(await store.GetAlertHistoryAsync(AlertId(1), Ct));
        Assert.Equal(new AlertHistoryEntry(AlertId(1), T0, winner, "Claim", AlertStatus.New, AlertStatus.InReview, null, null), history);
    }

    [Fact]
    public async Task ASecondAnalystCannotClaimAnAlertInReviewButTheFirstMayClaimItAgain()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(1)], Ct);
        await store.ClaimAlertAsync(AlertId(1), "ana", T0, Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ClaimAlertAsync(AlertId(1), "ben", T0, Ct));
        await store.ClaimAlertAsync(AlertId(1), "ana", T0.AddMinutes(1), Ct);

        Assert.Contains("already claimed by ana", error.Message, StringComparison.Ordinal);
        Assert.Single(await store.GetAlertHistoryAsync(AlertId(1), Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ClaimAlertAsync("no-such-alert", "ana", T0, Ct));
    }

    [Theory]
    [InlineData("", "comment")]
    [InlineData("   ", "comment")]
    [InlineData("CODE", "")]
    [InlineData("CODE", " ")]
    [InlineData("C", null)]
    public async Task ADispositionNeedsACodeAndAComment(string code, string? comment)
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(1)], Ct);
        await store.ClaimAlertAsync(AlertId(1), "ana", T0, Ct);
        comment ??= new string('x', 2001);

        await Assert.ThrowsAsync<ArgumentException>(() => store.DispositionAlertAsync(AlertId(1), "ana", AlertDisposition.IseSar, code, comment, T0, Ct));

        Assert.Equal(AlertStatus.InReview, Assert.Single((await store.QueryAlertsAsync(new AlertQuery { Now = T0 }, Ct)).Rows).Status);
    }

    [Fact]
    public async Task OnlyTheAssigneeDispositionsAndOnlyAnAlertInReview()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(1), Write(2)], Ct);
        await store.ClaimAlertAsync(AlertId(1), "ana", T0, Ct);

        var notAssignee = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.DispositionAlertAsync(AlertId(1), "ben", AlertDisposition.NotIseSar, "NS", "no", T0, Ct));
        var notClaimed = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.DispositionAlertAsync(AlertId(2), "ana", AlertDisposition.NotIseSar, "NS", "no", T0, Ct));

        Assert.Contains("assigned to ana", notAssignee.Message, StringComparison.Ordinal);
        Assert.Contains("New", notClaimed.Message, StringComparison.Ordinal);
        Assert.Single(await store.GetAlertHistoryAsync(AlertId(1), Ct));
        Assert.Empty(await store.GetLabelledReportsAsync(Ct));
    }

    [Fact]
    public async Task DispositionsMoveTheStatusWriteHistoryAndLabelTheReport()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(1, "THREAT"), Write(2, "PHOTO"), Write(3, "SURVL")], Ct);
        foreach (var n in new[] { 1, 2, 3 })
        {
            await store.ClaimAlertAsync(AlertId(n), "ana", T0, Ct);
        }

        var vetted = await store.DispositionAlertAsync(AlertId(1), "ana", AlertDisposition.IseSar, "ISE-NEXUS", "threat to the plant, nexus possible", T0.AddMinutes(5), Ct);
        var closed = await store.DispositionAlertAsync(AlertId(2), "ana", AlertDisposition.NotIseSar, "NS-LAWFUL", "tourist photography", T0.AddMinutes(6), Ct);
        var needs = await store.DispositionAlertAsync(AlertId(3), "ana", AlertDisposition.NeedsInformation, "NI-CALLBACK", "call the reporter back", T0.AddMinutes(7), Ct);

        Assert.Equal((AlertStatus.Vetted, AlertStatus.Closed, AlertStatus.NeedsInformation), (vetted, closed, needs));
        Assert.Equal(
            [
                new AlertHistoryEntry(AlertId(1), T0, "ana", "Claim", AlertStatus.New, AlertStatus.InReview, null, null),
                new AlertHistoryEntry(AlertId(1), T0.AddMinutes(5), "ana", "Disposition", AlertStatus.InReview, AlertStatus.Vetted, AlertDisposition.IseSar, "threat to the plant, nexus possible"),
            ],
            await store.GetAlertHistoryAsync(AlertId(1), Ct));
        var labels = await store.GetLabelledReportsAsync(Ct);
        Assert.Equal(
            [(Sample.Key(1), "THREAT", "ana"), (Sample.Key(2), "", "ana")],
            labels.Select(l => (l.Report.IdempotencyKey, string.Join(',', l.Categories), l.LabelledBy)).OrderBy(l => l.IdempotencyKey, StringComparer.Ordinal));
        // Needing information keeps the alert open, in the queue.
        Assert.Equal([AlertId(3)], (await store.QueryAlertsAsync(new AlertQuery { Now = T0 }, Ct)).Rows.Select(r => r.AlertId));
    }

    [Fact]
    public async Task OnlyASupervisorReopensAndOnlyAVettedOrClosedAlert()
    {
        var store = await MigratedStoreAsync();
        await store.WriteBatchAsync([Write(1), Write(2)], Ct);
        await store.ClaimAlertAsync(AlertId(1), "ana", T0, Ct);
        await store.DispositionAlertAsync(AlertId(1), "ana", AlertDisposition.NotIseSar, "NS", "lawful", T0, Ct);

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => store.ReopenAlertAsync(AlertId(1), "ana", DeskRole.Analyst, "second look", T0, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.ReopenAlertAsync(AlertId(2), "sue", DeskRole.Supervisor, "second look", T0, Ct));
        await store.ReopenAlertAsync(AlertId(1), "sue", DeskRole.Supervisor, "new report links to it", T0.AddHours(1), Ct);

        var row = Assert.Single((await store.QueryAlertsAsync(new AlertQuery { Now = T0, Statuses = [AlertStatus.InReview] }, Ct)).Rows);
        Assert.Equal((AlertId(1), "ana"), (row.AlertId, row.Assignee));
        var history = await store.GetAlertHistoryAsync(AlertId(1), Ct);
        Assert.Equal(["Claim", "Disposition", "Reopen"], history.Select(h => h.Action));
        Assert.Equal(("sue", AlertStatus.Closed, "new report links to it"), (history[2].Actor, history[2].FromStatus, history[2].Comment));
    }

    [Fact]
    public void PasswordHashesVerifyOnlyTheirPasswordAndHaveTheVersionedFormat()
    {
        var hash = PasswordHasher.Hash("correct horse battery staple");
        var parts = hash.Split('$');

        Assert.Matches(@"^pbkdf2-sha256\$210000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$", hash);
        Assert.True(PasswordHasher.Verify("correct horse battery staple", hash));
        Assert.False(PasswordHasher.Verify("correct horse battery stapl", hash));
        Assert.False(PasswordHasher.Verify("", hash));
        Assert.NotEqual(hash, PasswordHasher.Hash("correct horse battery staple"));
        var tamperedHash = Convert.FromBase64String(parts[3]);
        tamperedHash[0] ^= 1;
        Assert.False(PasswordHasher.Verify("correct horse battery staple", $"{parts[0]}${parts[1]}${parts[2]}${Convert.ToBase64String(tamperedHash)}"));
        Assert.False(PasswordHasher.Verify("correct horse battery staple", $"{parts[0]}$1${parts[2]}${parts[3]}"));
        Assert.False(PasswordHasher.Verify("correct horse battery staple", "plain-text-password"));
        Assert.False(PasswordHasher.Verify("correct horse battery staple", $"pbkdf2-sha1${parts[1]}${parts[2]}${parts[3]}"));
        Assert.False(PasswordHasher.IsWellFormed($"{parts[0]}$999999999${parts[2]}${parts[3]}"));
    }

    [Fact]
    public async Task TheFirstAdministratorIsCreatedOnceWithARandomOneTimePassword()
    {
        var store = await MigratedStoreAsync();

        var password = await store.EnsureFirstAdministratorAsync(Ct);
        var again = await store.EnsureFirstAdministratorAsync(Ct);

        Assert.NotNull(password);
        Assert.True(password.Length >= 20);
        Assert.Null(again);
        var admin = await store.GetUserAsync("admin", Ct);
        Assert.NotNull(admin);
        Assert.Equal((DeskRole.Supervisor, true, false, Time.Now), (admin.Role, admin.MustChangePassword, admin.Disabled, admin.CreatedAt));
        Assert.True(PasswordHasher.Verify(password, admin.PasswordHash));
        Assert.DoesNotContain(password, admin.PasswordHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoFirstAdministratorIsCreatedWhenAUserExistsAndUserNamesAreUnique()
    {
        var store = await MigratedStoreAsync();
        await store.CreateUserAsync("ana", DeskRole.Analyst, PasswordHasher.Hash("s3cret-pass"), Ct, displayName: "Ana Analyst");

        Assert.Null(await store.EnsureFirstAdministratorAsync(Ct));
        Assert.Null(await store.GetUserAsync("admin", Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.CreateUserAsync("ana", DeskRole.Supervisor, PasswordHasher.Hash("x"), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CreateUserAsync("bob", DeskRole.Analyst, "not-a-hash", Ct));
        var ana = await store.GetUserAsync("ana", Ct);
        Assert.Equal(("Ana Analyst", DeskRole.Analyst, false), (ana!.DisplayName, ana.Role, ana.MustChangePassword));
    }

    [Fact]
    public async Task AuditEntriesAreAppendedAndReadByWindowActorAndLimit()
    {
        var store = await MigratedStoreAsync();
        var search = DeskAuditEntry.SearchTarget("john doe grey sedan");
        DeskAuditEntry[] entries =
        [
            new(T0, "ana", DeskRole.Analyst, DeskAuditAction.Login, null, null, "10.0.0.5"),
            new(T0.AddMinutes(1), "ana", DeskRole.Analyst, DeskAuditAction.Search, search, null, "10.0.0.5"),
            new(T0.AddMinutes(2), "sue", DeskRole.Supervisor, DeskAuditAction.Share, AlertId(1), "JTTF need-to-know, case 26-114", "10.0.0.9"),
            new(T0.AddMinutes(3), "mallory", DeskRole.Analyst, DeskAuditAction.LoginFailed, null, null, "10.0.0.66"),
            new(T0.AddMinutes(4), "ana", DeskRole.Analyst, DeskAuditAction.View, AlertId(1), null, null),
        ];
        foreach (var entry in entries)
        {
            await store.AppendAuditAsync(entry, Ct);
        }

        Assert.Equal(entries, await store.ReadAuditAsync(T0, T0.AddHours(1), null, 100, Ct));
        Assert.Equal([entries[0], entries[1], entries[4]], await store.ReadAuditAsync(T0, T0.AddHours(1), "ana", 100, Ct));
        Assert.Equal([entries[1], entries[2]], await store.ReadAuditAsync(T0.AddMinutes(1), T0.AddMinutes(3), null, 100, Ct));
        Assert.Equal([entries[0], entries[1]], await store.ReadAuditAsync(T0, T0.AddHours(1), null, 2, Ct));
        Assert.StartsWith("sha256:", search, StringComparison.Ordinal);
        Assert.DoesNotContain("doe", search, StringComparison.OrdinalIgnoreCase);
        await Assert.ThrowsAsync<ArgumentException>(() => store.AppendAuditAsync(entries[0] with { Actor = " " }, Ct));
    }

    protected override Task<StoreTarget> CreateTargetAsync() => Task.FromResult<StoreTarget>(new SqliteTarget());

    private static string AlertId(int n) => "alert:" + Sample.Key(n);

    private static ReportWrite Write(
        int n, string category = "SURVL", double priority = 0.6, string feed = "cad-metro", string? sector = null,
        string? narrative = null, int raisedMinutes = -1, string[]? jurisdictions = null)
    {
        var sample = Sample.Report(n, privacy: false, protectedAttributes: false);
        var report = sample with
        {
            FeedId = feed,
            TargetSector = sector,
            Narrative = narrative ?? sample.Narrative,
            Location = sample.Location with { Jurisdictions = jurisdictions },
        };
        var alert = new Alert
        {
            AlertId = AlertId(n),
            ReportKey = report.IdempotencyKey,
            FeedId = feed,
            TopCategory = category,
            Priority = priority,
            Scores = [new(category, priority)],
            ModelVersion = Sample.ModelVersion,
            RaisedAt = T0.AddMinutes(raisedMinutes < 0 ? n : raisedMinutes),
        };
        return new ReportWrite(report, $"sha256:{n:x8}", null, alert);
    }
}
