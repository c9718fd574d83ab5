namespace Pipeline.Dedup.Tests;

public sealed class ExactDuplicatesTests
{
    private static readonly HashSet<string> _nothingStored = [];

    [Fact]
    public void KeysAlreadyStoredAreDuplicates()
    {
        var batch = new[] { TestReports.Cad("f:1"), TestReports.Cad("f:2"), TestReports.Cad("f:3") };

        Assert.Equal([true, false, true], ExactDuplicates.FindNew(batch, new HashSet<string> { "f:2", "f:9" }));
    }

    [Fact]
    public void FirstOccurrenceInABatchIsNewAndRepeatsAreDuplicates()
    {
        var batch = new[] { TestReports.Cad("f:1"), TestReports.Cad("f:1"), TestReports.Cad("f:2"), TestReports.Cad("f:1") };

        Assert.Equal([true, false, true, false], ExactDuplicates.FindNew(batch, _nothingStored));
    }

    [Fact]
    public void ResultFollowsTheBatchOrder()
    {
        string[] keys = ["f:a", "f:b", "f:a", "f:c", "f:b", "f:d", "f:c"];
        var batch = keys.Select(k => TestReports.Cad(k)).ToList();

        var isNew = ExactDuplicates.FindNew(batch, new HashSet<string> { "f:c" });

        Assert.Equal([true, true, false, false, false, true, false], isNew);
    }

    [Fact]
    public void KeysDifferingOnlyInCaseAreDifferentReports()
    {
        var batch = new[] { TestReports.Cad("f:abc"), TestReports.Cad("f:ABC") };

        Assert.Equal([true, true], ExactDuplicates.FindNew(batch, _nothingStored));
    }

    [Fact]
    public void EmptyBatchGivesEmptyResult()
    {
        Assert.Empty(ExactDuplicates.FindNew([], new HashSet<string> { "f:1" }));
    }

    [Fact]
    public void NullArgumentsAreRefused()
    {
        Assert.Throws<ArgumentNullException>(() => ExactDuplicates.FindNew(null!, _nothingStored));
        Assert.Throws<ArgumentNullException>(() => ExactDuplicates.FindNew([TestReports.Cad()], null!));
    }
}
