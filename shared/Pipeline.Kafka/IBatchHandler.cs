using Confluent.Kafka;

namespace Pipeline.Kafka;

/// <summary>
/// What a consumer loop does with each batch of records. The loop stores the batch's offsets
/// only after <see cref="HandleAsync"/> returns, so it must return only when every effect of the
/// batch is durable (rows committed, messages acknowledged). Records that cannot be processed
/// must be dead-lettered by the handler, not thrown: an exception means a transient failure,
/// and the whole batch is retried with backoff.
/// </summary>
public interface IBatchHandler
{
    /// <summary>Handles the batch; returns when its effects are durable.</summary>
    Task HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch, CancellationToken cancellationToken);
}

/// <summary>
/// A handler that keeps state per partition (a dedup window, say) and must drop it when the
/// partition moves to another process: the loop calls this when partitions are revoked or lost,
/// after the work in hand for them is finished or abandoned.
/// </summary>
public interface IPartitionStateOwner
{
    /// <summary>Forgets whatever is kept for these partitions; the next owner rebuilds it.</summary>
    void OnPartitionsReleased(IReadOnlyCollection<TopicPartition> partitions);
}

/// <summary>
/// A test seam called after a batch's effects are durable and before its offsets are stored.
/// Throwing <see cref="InjectedCrashException"/> from it stops the loop at once, as a crash
/// would at that point.
/// </summary>
public interface IConsumerFaultInjector
{
    /// <summary>Called between the effects and the offsets of every batch.</summary>
    void AfterEffectsBeforeOffsets(string loopName, IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch);
}

/// <summary>Thrown by a fault injector to simulate a crash.</summary>
public sealed class InjectedCrashException : Exception
{
    /// <summary>Creates the exception.</summary>
    public InjectedCrashException() : base("injected crash") { }

    /// <summary>Creates the exception.</summary>
    public InjectedCrashException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public InjectedCrashException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The injector used outside tests: does nothing.</summary>
public sealed class NoFaults : IConsumerFaultInjector
{
    /// <summary>The shared instance.</summary>
    public static NoFaults Instance { get; } = new();

    /// <inheritdoc />
    public void AfterEffectsBeforeOffsets(string loopName, IReadOnlyList<ConsumeResult<byte[]?, byte[]>> batch)
    {
    }
}
