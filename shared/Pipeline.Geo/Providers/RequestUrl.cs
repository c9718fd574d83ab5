using System.Text;

namespace Pipeline.Geo.Providers;

/// <summary>Builds a request URL on a base URL, percent-escaping every parameter value (addresses carry '&amp;', '#', '+' and non-ASCII letters).</summary>
internal sealed class RequestUrl
{
    private readonly StringBuilder _text;
    private bool _hasQuery;

    public RequestUrl(string baseUrl, string path)
    {
        _text = new StringBuilder(baseUrl.TrimEnd('/')).Append(path);
    }

    /// <summary>Adds a parameter, or nothing when the value is null or blank.</summary>
    public RequestUrl Add(string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return this;
        }
        _text.Append(_hasQuery ? '&' : '?').Append(name).Append('=').Append(Uri.EscapeDataString(value.Trim()));
        _hasQuery = true;
        return this;
    }

    public Uri ToUri() => new(_text.ToString(), UriKind.Absolute);
}
