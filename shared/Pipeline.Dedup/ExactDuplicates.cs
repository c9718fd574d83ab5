using Pipeline.Contracts;

namespace Pipeline.Dedup;

/// <summary>
/// Exact deduplication by idempotency key within a batch and against what the store already
/// holds. The store's insert-if-absent is the final word; this pass saves scoring work and
/// tells the processor which reports are new.
/// </summary>
public static class ExactDuplicates
{
    /// <summary>
    /// Marks each report as new or duplicate: a duplicate when its key is already stored or
    /// appeared earlier in the same batch. The result is in the input's order.
    /// </summary>
    public static bool[] FindNew(IReadOnlyList<Report> batch, IReadOnlySet<string> alreadyStored)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(alreadyStored);
        var isNew = new bool[batch.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var key = batch[i].IdempotencyKey;
            isNew[i] = !alreadyStored.Contains(key) && seen.Add(key);
        }
        return isNew;
    }
}
