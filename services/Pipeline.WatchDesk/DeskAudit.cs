using Pipeline.Storage;

namespace Pipeline.WatchDesk;

/// <summary>Appends the desk's audit entries with the client's address. Never narratives nor search text.</summary>
internal sealed class DeskAudit(PipelineStore store, TimeProvider time, ILogger<DeskAudit> logger)
{
    private const int MaxReason = 1000;
    private const int MaxTarget = 256;

    public Task AppendAsync(HttpContext context, DeskPrincipal user, DeskAuditAction action, string? target, string? reason) =>
        AppendAsync(context, user.UserName, user.Role, action, target, reason);

    public async Task AppendAsync(HttpContext context, string actor, DeskRole? role, DeskAuditAction action, string? target, string? reason)
    {
        var entry = new DeskAuditEntry(
            time.GetUtcNow(),
            Clip(string.IsNullOrWhiteSpace(actor) ? "anonymous" : actor, MaxTarget)!,
            role,
            action,
            Clip(target, MaxTarget),
            Clip(reason, MaxReason),
            ClientAddress(context));
        try
        {
            await store.AppendAuditAsync(entry, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            DeskLog.AuditFailed(logger, action, ex);
            throw;
        }
    }

    /// <summary>A refused API request: 401 as login-failed, otherwise as the action that was refused.</summary>
    public Task RefusedAsync(HttpContext context, int status, string why)
    {
        var user = DeskPrincipal.From(context.User);
        var reason = $"refused {status}: {why} ({context.Request.Method} {RouteOf(context)})";
        if (user is null)
        {
            // A caller who was not signed in has no role: recorded as "none", never as a desk role.
            return AppendAsync(context, "anonymous", null, DeskAuditAction.LoginFailed, null, reason);
        }
        return AppendAsync(context, user, ActionOf(context), AlertIdOf(context), reason);
    }

    public static string? ClientAddress(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress;
        if (address is null)
        {
            return null;
        }
        return (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
    }

    private static DeskAuditAction ActionOf(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.EndsWith("/export", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        {
            return DeskAuditAction.Export;
        }
        if (path.EndsWith("/share", StringComparison.OrdinalIgnoreCase))
        {
            return DeskAuditAction.Share;
        }
        if (HttpMethods.IsPost(context.Request.Method))
        {
            return DeskAuditAction.Change;
        }
        return context.Request.Query.Count > 0 ? DeskAuditAction.Search : DeskAuditAction.View;
    }

    // The route template, not the raw path: a path may carry anything a caller typed.
    private static string RouteOf(HttpContext context) =>
        (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";

    private static string? AlertIdOf(HttpContext context) => context.Request.RouteValues.TryGetValue("id", out var id) ? id as string : null;

    private static string? Clip(string? text, int max) => text is { Length: var n } && n > max ? text[..max] : text;
}
