using System.Text;

namespace Pipeline.Geo.Addresses;

/// <summary>
/// A street name split into its USPS parts, all upper case and abbreviated: "N MAIN ST" is
/// (N, MAIN, ST, null). Two spellings of one street normalize to equal values.
/// </summary>
/// <param name="PreDirectional">N, S, E, W, NE, NW, SE or SW before the name, when present.</param>
/// <param name="Name">The name proper ("MAIN", "MARTIN LUTHER KING JR", "21ST", "AVENUE B").</param>
/// <param name="Suffix">The standard suffix abbreviation (AVE, ST, BLVD...), when present.</param>
/// <param name="PostDirectional">A directional after the name and suffix ("MAIN ST N"), when present.</param>
public sealed record StreetName(string? PreDirectional, string Name, string? Suffix, string? PostDirectional)
{
    /// <summary>The parts joined by single spaces: "N MAIN ST".</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(Name.Length + 12);
        Append(builder, PreDirectional);
        Append(builder, Name);
        Append(builder, Suffix);
        Append(builder, PostDirectional);
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, string? part)
    {
        if (string.IsNullOrEmpty(part))
        {
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append(' ');
        }

        builder.Append(part);
    }
}
