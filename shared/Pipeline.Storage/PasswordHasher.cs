using System.Globalization;
using System.Security.Cryptography;

namespace Pipeline.Storage;

/// <summary>
/// Hashes and verifies the watch desk's local passwords with PBKDF2-SHA256. A hash is stored as
/// <c>pbkdf2-sha256$iterations$salt$hash</c> (salt and hash in base64), so the iteration count
/// can be raised later without invalidating stored hashes.
/// </summary>
public static class PasswordHasher
{
    /// <summary>The scheme name that starts every hash this class writes.</summary>
    public const string Scheme = "pbkdf2-sha256";

    /// <summary>Iterations for new hashes (OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256).</summary>
    public const int Iterations = 210_000;

    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // A stored hash chooses its own iteration count; bound it so a tampered row cannot make one
    // verification run for minutes.
    private const int MaxIterations = 10_000_000;

    /// <summary>A new salted hash of <paramref name="password"/>.</summary>
    /// <param name="password">The password; not empty.</param>
    /// <returns>The hash in the versioned format.</returns>
    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>
    /// Whether <paramref name="password"/> matches <paramref name="stored"/>. Compares in constant
    /// time; a malformed or tampered hash never matches.
    /// </summary>
    /// <param name="password">The password given.</param>
    /// <param name="stored">A hash from <see cref="Hash"/>.</param>
    /// <returns>True when it matches.</returns>
    public static bool Verify(string password, string stored)
    {
        if (string.IsNullOrEmpty(password) || !TryParse(stored, out var iterations, out var salt, out var expected))
        {
            return false;
        }
        var actual = Rfc2898DeriveBytes.Pbkdf2(password, salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Whether <paramref name="stored"/> has this class's format (it says nothing about which password it is for).</summary>
    /// <param name="stored">A stored hash.</param>
    /// <returns>True when well formed.</returns>
    public static bool IsWellFormed(string? stored) => TryParse(stored, out _, out _, out _);

    private static bool TryParse(string? stored, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = [];
        hash = [];
        var parts = stored?.Split('$');
        if (parts is not { Length: 4 }
            || !string.Equals(parts[0], Scheme, StringComparison.Ordinal)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out iterations)
            || iterations is < 1 or > MaxIterations)
        {
            return false;
        }
        try
        {
            salt = Convert.FromBase64String(parts[2]);
            hash = Convert.FromBase64String(parts[3]);
        }
        catch (FormatException)
        {
            return false;
        }
        return salt.Length >= SaltBytes && hash.Length == HashBytes;
    }
}
