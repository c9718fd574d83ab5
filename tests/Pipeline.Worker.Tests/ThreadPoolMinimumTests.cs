namespace Pipeline.Worker.Tests;

/// <summary>Worker:MinThreadPoolThreads: the host raises the thread pool's minimum before its services start, and never lowers it.</summary>
public sealed class ThreadPoolMinimumTests
{
    [Fact]
    public async Task BuildingTheHostRaisesTheMinimumToTheSetting()
    {
        ThreadPool.GetMinThreads(out var before, out _);
        var wanted = Math.Max(before, 8) + 3;

        await using var app = PipelineWorkerHost.Build([], new Dictionary<string, string?> { ["Worker:MinThreadPoolThreads"] = wanted.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        ThreadPool.GetMinThreads(out var after, out _);
        Assert.Equal(wanted, after);
    }

    [Fact]
    public async Task ASmallerSettingLeavesAHigherMinimumAlone()
    {
        ThreadPool.GetMinThreads(out var before, out _);

        await using var app = PipelineWorkerHost.Build([], new Dictionary<string, string?> { ["Worker:MinThreadPoolThreads"] = "1" });

        ThreadPool.GetMinThreads(out var after, out _);
        Assert.Equal(before, after);
    }
}
