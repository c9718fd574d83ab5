namespace Pipeline.Kafka.Tests;

public sealed class ConsumerHeartbeatTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void NewHeartbeatIsStartingWithNoErrorAndBeatsNow()
    {
        var beat = new ConsumerHeartbeat("ingest", _time);

        Assert.Equal("ingest", beat.Name);
        Assert.Equal(ConsumerState.Starting, beat.State);
        Assert.Null(beat.LastError);
        Assert.Equal(_time.Now, beat.LastBeat);
        Assert.Equal(TimeSpan.Zero, beat.Age);
        Assert.Equal(0, beat.AssignedPartitions);
    }

    [Fact]
    public void StatesFollowTheLoopFromStartingToStopped()
    {
        var beat = new ConsumerHeartbeat("process", _time);
        var seen = new List<(ConsumerState, string?)> { (beat.State, beat.LastError) };

        beat.Running();
        seen.Add((beat.State, beat.LastError));
        beat.Degraded("SqliteException: database is locked");
        seen.Add((beat.State, beat.LastError));
        beat.Running();
        seen.Add((beat.State, beat.LastError));
        beat.Stopped();
        seen.Add((beat.State, beat.LastError));

        Assert.Equal(
            [
                (ConsumerState.Starting, null),
                (ConsumerState.Running, null),
                (ConsumerState.Degraded, "SqliteException: database is locked"),
                (ConsumerState.Running, null),
                (ConsumerState.Stopped, null),
            ],
            seen);
    }

    [Fact]
    public void LatestFailureReplacesAnEarlierOne()
    {
        var beat = new ConsumerHeartbeat("process", _time);

        beat.Degraded("first");
        beat.Degraded("second");

        Assert.Equal("second", beat.LastError);
    }

    [Fact]
    public void AgeFollowsTheClockUntilTheNextBeat()
    {
        var beat = new ConsumerHeartbeat("ingest", _time);

        _time.Advance(TimeSpan.FromSeconds(42));
        Assert.Equal(TimeSpan.FromSeconds(42), beat.Age);

        beat.Beat();
        Assert.Equal(TimeSpan.Zero, beat.Age);
        Assert.Equal(_time.Now, beat.LastBeat);

        _time.Advance(TimeSpan.FromMilliseconds(1500));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), beat.Age);
    }

    [Fact]
    public void RunningAndDegradedCountAsBeats()
    {
        var beat = new ConsumerHeartbeat("ingest", _time);

        _time.Advance(TimeSpan.FromMinutes(1));
        beat.Running();
        Assert.Equal(TimeSpan.Zero, beat.Age);

        _time.Advance(TimeSpan.FromMinutes(1));
        beat.Degraded("boom");
        Assert.Equal(TimeSpan.Zero, beat.Age);
    }

    [Fact]
    public void StoppingDoesNotCountAsABeat()
    {
        var beat = new ConsumerHeartbeat("ingest", _time);
        beat.Running();

        _time.Advance(TimeSpan.FromSeconds(5));
        beat.Stopped();

        Assert.Equal(TimeSpan.FromSeconds(5), beat.Age);
    }

    [Fact]
    public void AssignedPartitionsIsWhatTheLoopLastSet()
    {
        var beat = new ConsumerHeartbeat("ingest", _time);

        beat.SetAssigned(6);
        beat.SetAssigned(4);

        Assert.Equal(4, beat.AssignedPartitions);
    }

    [Fact]
    public void AllHeartbeatsAreListedByNameInOrdinalOrder()
    {
        var heartbeats = new ConsumerHeartbeats();
        heartbeats.Register(new ConsumerHeartbeat("process", _time));
        heartbeats.Register(new ConsumerHeartbeat("ingest", _time));
        heartbeats.Register(new ConsumerHeartbeat("alerts", _time));
        heartbeats.Register(new ConsumerHeartbeat("Zeta", _time));

        Assert.Equal(["Zeta", "alerts", "ingest", "process"], heartbeats.All.Select(b => b.Name));
    }

    [Fact]
    public void RegisteringTheSameNameAgainReplacesTheEarlierHeartbeat()
    {
        var heartbeats = new ConsumerHeartbeats();
        var first = new ConsumerHeartbeat("ingest", _time);
        var second = new ConsumerHeartbeat("ingest", _time);

        heartbeats.Register(first);
        heartbeats.Register(second);

        Assert.Same(second, Assert.Single(heartbeats.All));
    }

    [Fact]
    public void NoHeartbeatsMeansAnEmptyList()
    {
        Assert.Empty(new ConsumerHeartbeats().All);
    }

    [Fact]
    public void RegisteringNullIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => new ConsumerHeartbeats().Register(null!));
    }
}
