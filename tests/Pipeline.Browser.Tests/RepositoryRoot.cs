namespace Pipeline.Browser.Tests;

/// <summary>The repository's root folder: the nearest folder above the test binaries that holds Pipeline.sln.</summary>
internal static class RepositoryRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Pipeline.sln was not found above " + AppContext.BaseDirectory + ".");
    }

    /// <summary>artifacts/test-output under the root, created if needed: where tests leave files for people to look at.</summary>
    public static string TestOutput()
    {
        var path = Path.Combine(Find(), "artifacts", "test-output");
        Directory.CreateDirectory(path);
        return path;
    }
}
