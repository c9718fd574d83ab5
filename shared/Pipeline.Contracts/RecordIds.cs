using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Contracts;

/// <summary>
/// Ids of alerts and incidents: a prefix, the report's arrival second (Unix time, 9 hex digits,
/// enough until the year 4147), then 20 hex digits of the SHA-256 of the report's idempotency key
/// ("A-06b03ba40" + "ba7816bf8f01cfea4141").
/// <para>
/// Deterministic: the arrival time travels on the normalized report, so a replayed message (a
/// retried batch, a restart) gives the same ids, and the store's unique report key keeps a
/// report from ever raising a second alert.
/// </para>
/// <para>
/// Ordered by time, so that the store's indexes on these ids (primary keys, and the incident of
/// each report and alert) take new ids at their end. Random ids put every insert on its own
/// index page: a 300,000-report store replayed in 170 transactions wrote 29.4 KB per report with
/// them, 21.3 KB with time-ordered ids, and took 1.3 to 1.7 times as long; the gap grows with the store.
/// The 80 bits of hash keep two reports of one second from sharing an id.
/// </para>
/// </summary>
public static class RecordIds
{
    private const int SecondsDigits = 9;
    private const int HashDigits = 20;
    private const long LastSecond = (1L << (4 * SecondsDigits)) - 1;

    /// <summary>Length of every id: a two-character prefix and 29 hex digits.</summary>
    public const int Length = 2 + SecondsDigits + HashDigits;

    /// <summary>The id of the alert a report raises.</summary>
    public static string Alert(string reportKey, DateTimeOffset receivedAt) => Make("A-", reportKey, receivedAt);

    /// <summary>The id of the incident a report opens when it links to none.</summary>
    public static string Incident(string reportKey, DateTimeOffset receivedAt) => Make("I-", reportKey, receivedAt);

    /// <summary>
    /// Orders ids by their last 20 hex digits (the key's hash), then ordinally. A merge of
    /// incidents keeps the first in this order, so which incident survives depends on the reports'
    /// keys alone, never on when they arrived (a worker that crashed and re-read its input merges as
    /// one that did not). Ids made before the arrival second was added (a prefix and the 20 hash
    /// digits alone) sort by the same digits.
    /// </summary>
    public static IComparer<string> MergeOrder { get; } = Comparer<string>.Create(static (a, b) =>
    {
        if (a is null || b is null)
        {
            return string.CompareOrdinal(a, b);
        }
        var byHash = HashDigitsOf(a).SequenceCompareTo(HashDigitsOf(b));
        return byHash != 0 ? byHash : string.CompareOrdinal(a, b);
    });

    private static ReadOnlySpan<char> HashDigitsOf(string id) => id.AsSpan(Math.Max(0, id.Length - HashDigits));

    private static string Make(string prefix, string reportKey, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(reportKey);
        var second = Math.Clamp(receivedAt.ToUnixTimeSeconds(), 0, LastSecond);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(reportKey), hash);
        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{second:x9}{Convert.ToHexStringLower(hash[..(HashDigits / 2)])}");
    }
}
