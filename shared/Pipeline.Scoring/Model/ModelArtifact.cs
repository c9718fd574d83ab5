using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Pipeline.Scoring.Model;

/// <summary>
/// The model file (<c>.isesar</c>): one gzip stream holding a text magic line, the metadata as
/// JSON, and the weights of every feature that has a non-zero weight, sparse.
/// </summary>
/// <remarks>
/// Layout inside the gzip stream, integers and floats little-endian:
/// <c>"ISESAR-MODEL\n"</c>; int32 metadata length, metadata (UTF-8 JSON, <see cref="ModelMetadata"/>);
/// int32 categories (16); int32 dimension; int32 n, the features with a non-zero weight; int32[n]
/// their indices, increasing; float32[n × 16] their weights, interleaved; float32[16] biases.
/// Reading checks every length and index and recomputes <see cref="ModelMetadata.WeightsSha256"/>,
/// so a truncated, corrupted or edited file is refused with a message that says what is wrong.
/// </remarks>
public static class ModelArtifact
{
    /// <summary>The file extension of model files.</summary>
    public const string Extension = ".isesar";

    private static readonly byte[] Magic = "ISESAR-MODEL\n"u8.ToArray();
    private const int MaxMetadataBytes = 4 << 20;

    /// <summary>Writes <paramref name="model"/> to <paramref name="stream"/>.</summary>
    public static void Write(IseSarModel model, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        using var gzip = new GZipStream(stream, CompressionLevel.SmallestSize, leaveOpen: true);
        using var writer = new BinaryWriter(gzip, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        var metadata = JsonSerializer.SerializeToUtf8Bytes(model.Metadata, ModelJsonContext.Default.ModelMetadata);
        writer.Write(metadata.Length);
        writer.Write(metadata);

        var categories = IseSarModel.CategoryCount;
        var dimension = model.Metadata.Features.Dimension;
        var weights = model.Weights;
        var used = new List<int>();
        for (var f = 0; f < dimension; f++)
        {
            if (weights.Slice(f * categories, categories).ContainsAnyExcept(0f))
            {
                used.Add(f);
            }
        }
        writer.Write(categories);
        writer.Write(dimension);
        writer.Write(used.Count);
        writer.Write(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(used)));
        foreach (var f in used)
        {
            writer.Write(MemoryMarshal.AsBytes(weights.Slice(f * categories, categories)));
        }
        writer.Write(MemoryMarshal.AsBytes(model.Biases));
    }

    /// <summary>The model file's bytes.</summary>
    public static byte[] ToBytes(IseSarModel model)
    {
        using var buffer = new MemoryStream();
        Write(model, buffer);
        return buffer.ToArray();
    }

    /// <summary>Writes <paramref name="model"/> to a file, replacing it atomically; returns the bytes written.</summary>
    public static byte[] Save(IseSarModel model, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = ToBytes(model);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        return bytes;
    }

    /// <summary>Reads a model file.</summary>
    /// <exception cref="InvalidDataException">The file is not a model file, is truncated or corrupted, or is of a newer format.</exception>
    public static IseSarModel Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var file = File.OpenRead(path);
        return Read(file);
    }

    /// <summary>Reads a model from bytes (for example from the registry).</summary>
    /// <exception cref="InvalidDataException">The bytes are not a valid model.</exception>
    public static IseSarModel FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        using var stream = new MemoryStream(bytes, writable: false);
        return Read(stream);
    }

    /// <summary>Reads a model from a stream.</summary>
    /// <exception cref="InvalidDataException">The stream is not a valid model.</exception>
    public static IseSarModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new BinaryReader(gzip, Encoding.UTF8, leaveOpen: true);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("not an ISE-SAR model file (the magic line is missing)");
            }
            var metadataLength = reader.ReadInt32();
            if (metadataLength is <= 0 or > MaxMetadataBytes)
            {
                throw new InvalidDataException($"metadata length {metadataLength} is out of range");
            }
            var metadata = JsonSerializer.Deserialize(ReadExactly(reader, metadataLength), ModelJsonContext.Default.ModelMetadata)
                ?? throw new InvalidDataException("the metadata is null");
            if (metadata.FormatVersion > ModelMetadata.CurrentFormatVersion)
            {
                throw new InvalidDataException($"model format {metadata.FormatVersion} is newer than this program's {ModelMetadata.CurrentFormatVersion}");
            }
            metadata.Features.Validate();

            var categories = reader.ReadInt32();
            var dimension = reader.ReadInt32();
            var used = reader.ReadInt32();
            if (categories != IseSarModel.CategoryCount || dimension != metadata.Features.Dimension || used < 0 || used > dimension)
            {
                throw new InvalidDataException($"{categories} categories, dimension {dimension} and {used} features do not fit the metadata (16 categories, dimension {metadata.Features.Dimension})");
            }
            var indices = MemoryMarshal.Cast<byte, int>(ReadExactly(reader, used * sizeof(int))).ToArray();
            var sparse = MemoryMarshal.Cast<byte, float>(ReadExactly(reader, used * categories * sizeof(float)));
            var biases = MemoryMarshal.Cast<byte, float>(ReadExactly(reader, categories * sizeof(float))).ToArray();
            var weights = new float[dimension * categories];
            for (var i = 0; i < used; i++)
            {
                if (indices[i] < 0 || indices[i] >= dimension || (i > 0 && indices[i] <= indices[i - 1]))
                {
                    throw new InvalidDataException($"feature index {indices[i]} at position {i} is out of order or range");
                }
                sparse.Slice(i * categories, categories).CopyTo(weights.AsSpan(indices[i] * categories, categories));
            }
            if (!string.Equals(OneVsRestTrainer.WeightsHash(weights, biases), metadata.WeightsSha256, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidDataException("the weights do not match the metadata's SHA-256: the file is corrupted or was edited");
            }
            return new IseSarModel(metadata, weights, biases);
        }
        catch (Exception e) when (e is EndOfStreamException or JsonException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"not a valid ISE-SAR model file: {e.Message}", e);
        }
    }

    /// <summary>SHA-256 (hex, lower case) of a model file's bytes, as the registry records it.</summary>
    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static byte[] ReadExactly(BinaryReader reader, int count)
    {
        var bytes = reader.ReadBytes(count);
        if (bytes.Length != count)
        {
            throw new InvalidDataException($"the file is truncated: {count} bytes expected, {bytes.Length} read");
        }
        return bytes;
    }
}
