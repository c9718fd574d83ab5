using Pipeline.Contracts;

namespace Pipeline.Dedup.Tests;

public sealed class ReportContentHashTests
{
    private static readonly Dictionary<string, Func<Report, Report>> _contentChanges = new()
    {
        ["narrative"] = r => r with { Narrative = r.Narrative + " He left northbound." },
        ["occurred at"] = r => r with { OccurredAt = r.OccurredAt.AddSeconds(1) },
        ["latitude"] = r => r with { Location = r.Location with { Latitude = 47.6102 } },
        ["longitude"] = r => r with { Location = r.Location with { Longitude = -122.3376 } },
        ["address"] = r => r with { Location = r.Location with { RawAddress = "6XX BLOCK OF PINE ST" } },
        ["coordinates dropped"] = r => r with { Location = r.Location with { Latitude = null, Longitude = null, Precision = LocationPrecision.None } },
        ["call type"] = r => r with { CadCallType = "TRESPASS" },
        ["priority"] = r => r with { CadPriority = 1 },
        ["target sector"] = r => r with { TargetSector = "Energy" },
        ["kind"] = r => r with { Kind = ReportKind.Sar },
        ["idempotency key"] = r => r with { IdempotencyKey = "demo-cad:C-2" },
        ["subject"] = r => r with { Privacy = r.Privacy with { Subjects = ["Male, 40s, gray hoodie"] } },
        ["extra subject"] = r => r with { Privacy = r.Privacy with { Subjects = [.. r.Privacy.Subjects, "Female, 20s"] } },
        ["vehicle"] = r => r with { Privacy = r.Privacy with { Vehicles = ["Blue Honda Civic WA ABC1235"] } },
        ["subject moved to vehicles"] = r => r with { Privacy = new PrivacyFields([], [.. r.Privacy.Subjects, .. r.Privacy.Vehicles]) },
    };

    public static TheoryData<string> ContentChanges => [.. _contentChanges.Keys];

    [Fact]
    public void HashIsLowerCaseHexSha256()
    {
        var hash = ReportContentHash.Compute(TestReports.Cad());

        Assert.Matches("^[0-9a-f]{64}$", hash);
    }

    [Fact]
    public void TwoDeliveriesOfTheSameReportHashAlike()
    {
        var first = TestReports.Cad();
        var redelivered = first with
        {
            ReceivedAt = first.ReceivedAt.AddHours(3),
            Origin = new RecordOrigin("feeds.demo-cad.raw", 5, 987_654),
        };

        Assert.Equal(ReportContentHash.Compute(first), ReportContentHash.Compute(redelivered));
    }

    [Fact]
    public void HashDoesNotDependOnTheOffsetTheTimeWasWrittenIn()
    {
        var utc = TestReports.Cad();
        var pacific = utc with { OccurredAt = utc.OccurredAt.ToOffset(TimeSpan.FromHours(-7)) };

        Assert.Equal(ReportContentHash.Compute(utc), ReportContentHash.Compute(pacific));
    }

    [Fact]
    public void EqualButSeparatelyBuiltListsHashAlike()
    {
        var first = TestReports.Cad();
        var copy = first with { Privacy = new PrivacyFields([.. first.Privacy.Subjects], [.. first.Privacy.Vehicles]) };

        Assert.Equal(ReportContentHash.Compute(first), ReportContentHash.Compute(copy));
    }

    [Theory]
    [MemberData(nameof(ContentChanges))]
    public void ChangingTheContentChangesTheHash(string change)
    {
        var original = TestReports.Cad();
        var changed = _contentChanges[change](original);

        Assert.NotEqual(ReportContentHash.Compute(original), ReportContentHash.Compute(changed));
    }

    [Fact]
    public void SubjectSpelledLikeTheListSeparatorDoesNotCollideWithAVehicle()
    {
        // Subjects and vehicles are written into one array with the string "|" between them, so a
        // subject "|" and a vehicle "|" produce the same array and the same hash.
        var subject = TestReports.Cad() with { Privacy = new PrivacyFields(["|"], []) };
        var vehicle = TestReports.Cad() with { Privacy = new PrivacyFields([], ["|"]) };

        Assert.NotEqual(ReportContentHash.Compute(subject), ReportContentHash.Compute(vehicle));
    }

    [Fact]
    public void NullReportIsRefused()
    {
        Assert.Throws<ArgumentNullException>(() => ReportContentHash.Compute(null!));
    }
}
