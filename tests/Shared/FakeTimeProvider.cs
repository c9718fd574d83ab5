namespace Pipeline.TestSupport;

/// <summary>A clock the test moves by hand (Microsoft.Extensions.TimeProvider.Testing is not served here). Linked into test projects by tests/Directory.Build.props.</summary>
internal sealed class FakeTimeProvider(DateTimeOffset start) : TimeProvider
{
    public FakeTimeProvider()
        : this(new DateTimeOffset(2026, 3, 14, 15, 9, 26, 535, TimeSpan.Zero))
    {
    }

    public DateTimeOffset Now { get; private set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
