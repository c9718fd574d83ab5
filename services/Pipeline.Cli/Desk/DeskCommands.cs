using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Pipeline.Storage;
using Pipeline.WatchDesk;

namespace Pipeline.Cli.Desk;

/// <summary><c>pipeline desk [--database] [--port]</c> and <c>pipeline desk user add</c>: the watch desk on an existing store.</summary>
internal static class DeskCommands
{
    private const int OneTimePasswordLength = 20;

    public static Command Build()
    {
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var port = PortOption();
        var command = new Command("desk", "Run the watch desk (the alert-queue web app) on an existing store, on 127.0.0.1, until Ctrl+C.")
        {
            database, sqlServer, port,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = StoreSettings(parse.GetValue(database), parse.GetValue(sqlServer));
            if (settings is null)
            {
                return 1;
            }
            settings["WatchDesk:Port"] = parse.GetValue(port).ToString(CultureInfo.InvariantCulture);
            await ServeAsync(settings, Console.Out, cancellationToken);
            return 0;
        });
        command.Subcommands.Add(UserCommand());
        return command;
    }

    public static Option<int> PortOption() => new("--port")
    {
        Description = "Port on 127.0.0.1 for the watch desk.",
        DefaultValueFactory = _ => WatchDeskOptions.DefaultPort,
    };

    /// <summary>
    /// Starts the desk with these settings, prints its address (and, on a store without users, the
    /// first administrator's one-time password, once), and runs it until <paramref name="cancellationToken"/> fires.
    /// </summary>
    public static async Task ServeAsync(IDictionary<string, string?> settings, TextWriter output, CancellationToken cancellationToken)
    {
        var quiet = new Dictionary<string, string?>(settings, StringComparer.OrdinalIgnoreCase);
        // The console is for the address and the one-time password; warnings and errors still show.
        quiet.TryAdd("Logging:LogLevel:Default", "Warning");
        var app = WatchDeskApp.Build([], builder => builder.Configuration.AddInMemoryCollection(quiet));
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            foreach (var url in app.Urls)
            {
                await output.WriteLineAsync($"Watch desk: {url}/  (sign in; Ctrl+C stops it)");
            }
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
            }
            await app.StopAsync(CancellationToken.None);
        }
    }

    private static Command UserCommand()
    {
        var user = new Command("user", "Desk accounts.");
        var name = new Argument<string>("name") { Description = "Login name." };
        var role = new Option<DeskRole>("--role") { Description = "analyst, supervisor, auditor or engineer.", Required = true };
        var displayName = new Option<string?>("--display-name") { Description = "Name shown on the desk (default: the login name)." };
        var database = StoreCliOptions.Database();
        var sqlServer = StoreCliOptions.SqlServer();
        var add = new Command("add", "Create a local desk account and print its one-time password (it must be changed at first login).")
        {
            name, role, displayName, database, sqlServer,
        };
        add.SetAction(async (parse, cancellationToken) =>
        {
            await using var store = await StoreCliOptions.OpenAsync(parse.GetValue(database), parse.GetValue(sqlServer), cancellationToken);
            if (store is null)
            {
                return 1;
            }
            var userName = parse.GetValue(name)!;
            var password = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", OneTimePasswordLength);
            try
            {
                await store.CreateUserAsync(userName, parse.GetValue(role), PasswordHasher.Hash(password), cancellationToken, parse.GetValue(displayName), mustChangePassword: true);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 1;
            }
            Console.WriteLine($"Created desk user '{userName}' ({parse.GetValue(role).ToString().ToLowerInvariant()}). One-time password: {password}");
            Console.WriteLine("It is shown only now; the user must change it at first login.");
            return 0;
        });
        user.Subcommands.Add(add);
        return user;
    }

    // The store the desk serves: a named SQLite file (which must exist), a SQL Server, or whatever
    // the environment (PIPELINE_Store__*) configures; null, with the reason printed, when the file is missing.
    private static Dictionary<string, string?>? StoreSettings(string? database, string? sqlServer)
    {
        if (!string.IsNullOrWhiteSpace(sqlServer))
        {
            return new(StringComparer.OrdinalIgnoreCase) { ["Store:Provider"] = "SqlServer", ["Store:ConnectionString"] = sqlServer };
        }
        if (!string.IsNullOrWhiteSpace(database))
        {
            if (!File.Exists(database))
            {
                Console.Error.WriteLine($"no store at {database}: run the worker or the demo first (the demo's is data/demo.db)");
                return null;
            }
            return new(StringComparer.OrdinalIgnoreCase) { ["Store:Provider"] = "Sqlite", ["Store:ConnectionString"] = $"Data Source={database}" };
        }
        return new(StringComparer.OrdinalIgnoreCase);
    }
}
