using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Contracts;

namespace Pipeline.Dedup;

/// <summary>
/// Identity of a report across resends and replays. The key is the feed id and the source's own
/// record id: a source that resends a record produces the same key, and every store write is
/// an insert-if-absent on it, so replays and resends change nothing.
/// </summary>
public static class IdempotencyKeys
{
    /// <summary>Longest source record id accepted; longer ids are rejected at ingest.</summary>
    public const int MaxSourceRecordIdLength = ReportLimits.SourceRecordId;

    /// <summary>The key of a record from a source that gives its own ids.</summary>
    public static string For(string feedId, string sourceRecordId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feedId);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceRecordId);
        return string.Concat(feedId, ":", sourceRecordId);
    }

    /// <summary>The key of a record from a source without ids: a hash of its raw bytes.</summary>
    public static string ForContent(string feedId, ReadOnlySpan<byte> rawRecord)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feedId);
        return string.Concat(feedId, ":sha256:", Convert.ToHexStringLower(SHA256.HashData(rawRecord)));
    }
}

/// <summary>
/// A hash of what a report says (not when or through which offset it arrived): two deliveries of
/// the same record hash alike; a resend with changed content does not.
/// </summary>
public static class ReportContentHash
{
    /// <summary>Hex SHA-256 of the report's content fields.</summary>
    public static string Compute(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(report.IdempotencyKey);
            writer.WriteStringValue(report.Kind.ToString());
            writer.WriteStringValue(report.OccurredAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
            writer.WriteStringValue(report.Location.RawAddress);
            // Only the source's own coordinates are content; geocoded ones change with the gazetteer.
            var fromSource = report.Location.Precision == LocationPrecision.Source;
            WriteNumber(writer, fromSource ? report.Location.Latitude : null);
            WriteNumber(writer, fromSource ? report.Location.Longitude : null);
            writer.WriteStringValue(report.Narrative);
            writer.WriteStringValue(report.CadCallType);
            WriteNumber(writer, report.CadPriority);
            writer.WriteStringValue(report.TargetSector);
            WriteList(writer, report.Privacy.Subjects);
            WriteList(writer, report.Privacy.Vehicles);
            if (report.Privacy.Other.Count > 0)
            {
                // Only when present, so that hashes of reports without them stay what they were.
                writer.WriteStartObject();
                foreach (var (name, value) in report.Privacy.Other.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(name, value);
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static void WriteList(Utf8JsonWriter writer, IReadOnlyList<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    private static void WriteNumber(Utf8JsonWriter writer, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumberValue(v);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>
/// The Kafka key of a normalized report: a coarse geographic cell, so that reports about one
/// place land on one partition and the process that owns it can compare them. Reports without
/// coordinates are keyed by their idempotency key, which still sends every resend of a record
/// to the same partition.
/// </summary>
public static class PartitionKeys
{
    /// <summary>Cell size in degrees (about 28 km of latitude): coarse, so that neighbours rarely straddle partitions.</summary>
    public const double CoarseCellDegrees = 0.25;

    /// <summary>The partitioning key of a report.</summary>
    public static string For(Report report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Location is { Latitude: { } lat, Longitude: { } lon })
        {
            var row = (int)Math.Floor(lat / CoarseCellDegrees);
            var column = (int)Math.Floor(lon / CoarseCellDegrees);
            return string.Create(CultureInfo.InvariantCulture, $"cell:{row}:{column}");
        }
        return "key:" + report.IdempotencyKey;
    }

    /// <summary>The key as UTF-8 bytes, for the producer.</summary>
    public static byte[] Utf8For(Report report) => Encoding.UTF8.GetBytes(For(report));
}
