using System.Diagnostics;
using Pipeline.Geo.Centroids;

namespace Pipeline.Geo.Tests.Centroids;

/// <summary>The real files in infra/geo/us, loaded once for the whole class.</summary>
public sealed class ShippedCentroids
{
    public ShippedCentroids()
    {
        Folder = FindFolder();
        var watch = Stopwatch.StartNew();
        Gazetteer = CentroidGazetteer.Load(Folder);
        LoadTime = watch.Elapsed;
    }

    public string Folder { get; }

    public CentroidGazetteer Gazetteer { get; }

    public TimeSpan LoadTime { get; }

    // Walk up from the test binaries to the repository root, which holds infra/geo/us.
    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "infra", "geo", "us");
            if (File.Exists(Path.Combine(candidate, CentroidGazetteer.ZipFileName)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("infra/geo/us not found above " + AppContext.BaseDirectory);
    }
}
