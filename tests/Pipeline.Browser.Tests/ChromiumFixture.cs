using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(Pipeline.Browser.Tests.ChromiumFixture))]

namespace Pipeline.Browser.Tests;

/// <summary>
/// One headless Chromium for the whole test assembly (launching it costs about a second); each test
/// opens its own context and page from <see cref="NewPageAsync"/>, so tests never share cookies,
/// storage or handlers. Uses the system's Chromium (Debian package), never a Playwright download,
/// because this machine has no internet.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    /// <summary>Where Debian's chromium package puts the browser; PIPELINE_CHROMIUM overrides it.</summary>
    public const string DefaultExecutable = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not been launched.");

    public async ValueTask InitializeAsync()
    {
        var executable = Environment.GetEnvironmentVariable("PIPELINE_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultExecutable;
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at {executable}. Install it with `PIPELINE_SETUP_TEST_TOOLS=1 infra/scripts/setup.sh` "
                + "(apt-get install chromium), or point PIPELINE_CHROMIUM at a Chromium binary.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu"],
        });
    }

    /// <summary>A page in a fresh browser context; dispose the context (returned alongside) when done.</summary>
    public async Task<(IBrowserContext Context, IPage Page)> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        return (context, await context.NewPageAsync());
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
