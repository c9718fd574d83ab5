using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Pipeline.Contracts;
using Pipeline.Geo.Geocoding;

namespace Pipeline.Geo.Providers;

/// <summary>
/// The Census batch geocoder (<c>/geocoder/locations/addressbatch</c>) for backfills: addresses go up as
/// a CSV file, at most <see cref="MaxRowsPerRequest"/> a request, and come back as CSV rows. Build it
/// with <see cref="HttpGeocoderOptions.ForCensusBatch"/> defaults: a batch takes minutes.
/// </summary>
public sealed class CensusBatchGeocoder
{
    /// <summary>The Census service's limit of addresses per request; larger inputs are split.</summary>
    public const int MaxRowsPerRequest = 10_000;

    private const double ExactConfidence = 0.8;
    private const double NonExactConfidence = 0.5;

    private readonly HttpProviderCore _core;

    /// <summary>Creates the batch geocoder.</summary>
    /// <param name="httpClient">The client to send with (owned by the caller; its own Timeout must exceed the options' one).</param>
    /// <param name="options">Settings; an empty <see cref="HttpGeocoderOptions.BaseUrl"/> means <see cref="CensusGeocoder.DefaultBaseUrl"/>.</param>
    /// <param name="timeProvider">The clock for timeouts, rate limiting and the circuit breaker.</param>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public CensusBatchGeocoder(HttpClient httpClient, HttpGeocoderOptions options, TimeProvider timeProvider)
    {
        _core = new HttpProviderCore(ProviderName, HttpGeocoderOptions.CensusBatchSectionName, CensusGeocoder.DefaultBaseUrl, httpClient, options, timeProvider);
    }

    /// <summary>The provider name recorded with results: the same service as <see cref="CensusGeocoder"/>.</summary>
    public const string ProviderName = CensusGeocoder.ProviderName;

    /// <summary>
    /// Geocodes every address, <see cref="MaxRowsPerRequest"/> per request, one request after another.
    /// The answer has an entry for every id: null for No_Match, Tie, an empty street line, or a row the
    /// service left out. Matches are <see cref="LocationPrecision.Interpolated"/>; Non_Exact ones get
    /// lower confidence.
    /// </summary>
    /// <param name="addresses">Id and query pairs. Ids must be unique and free of commas, quotes and line breaks.</param>
    /// <param name="cancellationToken">Stops between or during requests.</param>
    /// <exception cref="ArgumentException">An id is empty, repeated, or has a comma, quote or line break.</exception>
    /// <exception cref="GeocoderUnavailableException">
    /// A request failed; results of earlier requests are lost, so callers with large inputs that want partial
    /// progress call this once per slice of <see cref="MaxRowsPerRequest"/>.
    /// </exception>
    public async Task<IReadOnlyDictionary<string, GeocodeCandidate?>> GeocodeAsync(
        IEnumerable<KeyValuePair<string, AddressQuery>> addresses,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var results = new Dictionary<string, GeocodeCandidate?>(StringComparer.Ordinal);
        var pending = new List<KeyValuePair<string, AddressQuery>>();
        foreach (var pair in addresses)
        {
            CheckId(pair.Key);
            if (!results.TryAdd(pair.Key, null))
            {
                throw new ArgumentException("Batch ids must be unique; one is repeated.", nameof(addresses));
            }
            ArgumentNullException.ThrowIfNull(pair.Value, nameof(addresses));
            if (!string.IsNullOrWhiteSpace(pair.Value.StreetLine))
            {
                pending.Add(pair);
            }
        }
        var url = new RequestUrl(_core.BaseUrl, "/geocoder/locations/addressbatch").ToUri();
        foreach (var chunk in pending.Chunk(MaxRowsPerRequest))
        {
            var file = BuildFile(chunk);
            var sent = new HashSet<string>(chunk.Select(pair => pair.Key), StringComparer.Ordinal);
            var rows = await _core.SendAsync(() => BuildRequest(url, file), body => ParseRows(body, sent), cancellationToken);
            foreach (var (id, candidate) in rows)
            {
                results[id] = candidate;
            }
        }
        return results;
    }

    private static void CheckId(string id)
    {
        if (string.IsNullOrWhiteSpace(id) || id.AsSpan().IndexOfAny(",\"\r\n") >= 0)
        {
            throw new ArgumentException("Batch ids must be non-empty and free of commas, quotes and line breaks.", nameof(id));
        }
    }

    private static HttpRequestMessage BuildRequest(Uri url, byte[] file)
    {
        var addressFile = new ByteArrayContent(file);
        addressFile.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent
        {
            { addressFile, "addressFile", "addresses.csv" },
            { new StringContent(CensusGeocoder.Benchmark), "benchmark" },
        };
        return new HttpRequestMessage(HttpMethod.Post, url) { Content = form };
    }

    /// <summary>"Unique ID, Street address, City, State, ZIP" lines.</summary>
    private static byte[] BuildFile(KeyValuePair<string, AddressQuery>[] chunk)
    {
        var text = new StringBuilder(chunk.Length * 64);
        foreach (var (id, query) in chunk)
        {
            text.Append(id).Append(',')
                .Append(Field(query.StreetLine)).Append(',')
                .Append(Field(query.City)).Append(',')
                .Append(Field(query.State)).Append(',')
                .Append(Field(query.PostalCode)).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // The service splits each line at its commas and does not honour quotes, so separators inside a field
    // become spaces (a normalized address loses nothing by it).
    private static string Field(string? value) =>
        value is null ? "" : string.Create(value.Length, value, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is ',' or '"' or '\r' or '\n' ? ' ' : source[i];
            }
        }).Trim();

    private static Dictionary<string, GeocodeCandidate?> ParseRows(ReadOnlyMemory<byte> body, HashSet<string> sent)
    {
        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body.Span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new GeocoderUnavailableException(CensusGeocoder.ProviderName, GeocoderFailure.BadResponse, "response is not UTF-8", innerException: ex);
        }
        var rows = new Dictionary<string, GeocodeCandidate?>(StringComparer.Ordinal);
        foreach (var fields in CsvRecords.Parse(text, CensusGeocoder.ProviderName))
        {
            var id = fields[0].Trim();
            // Rows for ids we did not send (a header line, say) are not ours to interpret.
            if (!sent.Contains(id))
            {
                continue;
            }
            rows[id] = ParseRow(fields);
        }
        return rows;
    }

    private static GeocodeCandidate? ParseRow(List<string> fields)
    {
        if (fields.Count < 3)
        {
            throw ResponseReader.Bad(CensusGeocoder.ProviderName, "row with fewer than 3 fields");
        }
        switch (fields[2].Trim())
        {
            case "No_Match":
            case "Tie":
                return null;
            case "Match":
                break;
            default:
                throw ResponseReader.Bad(CensusGeocoder.ProviderName, "row with an unknown match status");
        }
        if (fields.Count < 6)
        {
            throw ResponseReader.Bad(CensusGeocoder.ProviderName, "Match row with fewer than 6 fields");
        }
        var confidence = fields[3].Trim() switch
        {
            "Exact" => ExactConfidence,
            "Non_Exact" => NonExactConfidence,
            _ => throw ResponseReader.Bad(CensusGeocoder.ProviderName, "Match row with an unknown match type"),
        };
        var coordinates = fields[5].Split(',');
        if (coordinates.Length != 2
            || !double.TryParse(coordinates[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var longitude)
            || !double.TryParse(coordinates[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var latitude))
        {
            throw ResponseReader.Bad(CensusGeocoder.ProviderName, "Match row without \"lon,lat\" coordinates");
        }
        ResponseReader.CheckCoordinates(CensusGeocoder.ProviderName, latitude, longitude);
        var matched = fields[4].Trim();
        return new GeocodeCandidate(latitude, longitude, LocationPrecision.Interpolated, matched.Length == 0 ? null : matched, confidence);
    }
}
