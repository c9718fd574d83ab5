namespace Pipeline.WatchDesk;

/// <summary>How the desk authenticates its users.</summary>
public enum DeskAuthenticationMode
{
    /// <summary>Local accounts in the store, with a session cookie (the embedded default).</summary>
    Local,

    /// <summary>A trusted reverse proxy (for example oauth2-proxy in front of an OpenID Connect provider) names the user and role in request headers.</summary>
    ProxyHeader,
}

/// <summary>Settings of the trusted-proxy header mode.</summary>
public sealed class DeskAuthenticationOptions
{
    /// <summary>Local or ProxyHeader.</summary>
    public DeskAuthenticationMode Mode { get; set; } = DeskAuthenticationMode.Local;

    /// <summary>The header that carries the user name (ProxyHeader mode).</summary>
    public string UserHeader { get; set; } = "X-Forwarded-User";

    /// <summary>The header that carries the role: analyst, supervisor, auditor or engineer (ProxyHeader mode).</summary>
    public string RoleHeader { get; set; } = "X-Forwarded-Role";

    /// <summary>Addresses of the proxies whose headers are believed; requests from anywhere else get 401 (ProxyHeader mode).</summary>
    public IList<string> TrustedProxies { get; } = [];
}

/// <summary>The watch desk's settings (section "WatchDesk").</summary>
public sealed class WatchDeskOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "WatchDesk";

    /// <summary>The default port on 127.0.0.1.</summary>
    public const int DefaultPort = 5080;

    /// <summary>Port on 127.0.0.1 (0: any free port). Ignored when "urls" is configured.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Authentication.</summary>
    public DeskAuthenticationOptions Authentication { get; } = new();

    /// <summary>How often the live-update poller reads the store for alerts changed by other processes.</summary>
    public TimeSpan EventPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a session lasts without activity.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Login name of the first administrator created on a store without users.</summary>
    public string AdministratorName { get; set; } = "admin";
}
