using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Contracts.Exchange;
using Pipeline.Storage;

namespace Pipeline.WatchDesk;

/// <summary>The HTTP API of docs/watch-desk.md. Every endpoint names its authorization policy.</summary>
internal static class DeskApi
{
    private const int MinPasswordLength = 12;
    private const int MaxBulkAlerts = 10_000;
    private const int DefaultPageSize = 50;
    private const string FairnessReportPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox";

    // Verifying against this when the name is unknown makes a wrong name cost as much as a wrong password.
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHasher.Hash(RandomNumberGenerator.GetHexString(32)));

    public static void Map(WebApplication app)
    {
        var api = app.MapGroup("/api");
        // State-changing requests carry the double-submit token (all POSTs but login).
        var changes = app.MapGroup("/api").AddEndpointFilter(CsrfFilterAsync);

        api.MapPost("/login", LoginAsync).AllowAnonymous();
        changes.MapPost("/logout", (Func<HttpContext, Task<IResult>>)LogoutAsync).RequireAuthorization(DeskPolicies.SignedIn);
        api.MapGet("/me", Me).RequireAuthorization(DeskPolicies.SignedIn);
        changes.MapPost("/me/password", ChangePasswordAsync).RequireAuthorization(DeskPolicies.SignedIn);

        api.MapGet("/alerts", QueueAsync).RequireAuthorization(DeskPolicies.Queue);
        api.MapGet("/alerts/{id}", DetailAsync).RequireAuthorization(DeskPolicies.Queue);
        changes.MapPost("/alerts/{id}/claim", ClaimAsync).RequireAuthorization(DeskPolicies.Vet);
        changes.MapPost("/alerts/{id}/disposition", DispositionAsync).RequireAuthorization(DeskPolicies.Vet);
        changes.MapPost("/alerts/{id}/reopen", ReopenAsync).RequireAuthorization(DeskPolicies.Supervisor);
        changes.MapPost("/alerts/{id}/share", ShareAsync).RequireAuthorization(DeskPolicies.Vet);
        api.MapGet("/alerts/{id}/export", ExportAsync).RequireAuthorization(DeskPolicies.Vet);
        changes.MapPost("/alerts/bulk/count", BulkCountAsync).RequireAuthorization(DeskPolicies.Supervisor);
        changes.MapPost("/alerts/bulk", BulkAsync).RequireAuthorization(DeskPolicies.Supervisor);
        api.MapGet("/events", EventsAsync).RequireAuthorization(DeskPolicies.Queue);

        api.MapGet("/audit", AuditAsync).RequireAuthorization(DeskPolicies.Audit);
        api.MapGet("/audit.csv", AuditCsvAsync).RequireAuthorization(DeskPolicies.Audit);
        api.MapGet("/feeds/health", FeedHealthAsync).RequireAuthorization(DeskPolicies.FeedHealth);
        api.MapGet("/fairness/reports", FairnessReportsAsync).RequireAuthorization(DeskPolicies.Fairness);
        api.MapGet("/fairness/reports/{id}", FairnessReportAsync).RequireAuthorization(DeskPolicies.Fairness);
    }

    // ---- session ----

    private static async Task<IResult> LoginAsync(
        LoginRequest? request, HttpContext context, PipelineStore store, LoginThrottle throttle, DeskAudit audit, IOptions<WatchDeskOptions> options, CancellationToken ct)
    {
        if (options.Value.Authentication.Mode != DeskAuthenticationMode.Local)
        {
            return Results.BadRequest(new ApiError("Sign in through the organization's sign-on; local logins are off."));
        }
        var name = request?.UserName?.Trim() ?? "";
        var password = request?.Password ?? "";
        if (name.Length is 0 or > 256)
        {
            await audit.AppendAsync(context, "anonymous", null, DeskAuditAction.LoginFailed, null, "bad name or password");
            return Results.Json(new ApiError("Wrong user name or password."), statusCode: StatusCodes.Status401Unauthorized);
        }
        if (throttle.IsLocked(name, out var retryAfter))
        {
            await audit.AppendAsync(context, name, null, DeskAuditAction.LoginFailed, null, "refused: too many failed logins");
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Results.Json(new ApiError("Too many failed logins for this name; try again later."), statusCode: StatusCodes.Status429TooManyRequests);
        }
        var user = await store.GetUserAsync(name, ct);
        var verified = PasswordHasher.Verify(password, user?.PasswordHash ?? DecoyHash.Value);
        if (user is null || user.Disabled || !verified)
        {
            throttle.Failed(name);
            await audit.AppendAsync(context, name, null, DeskAuditAction.LoginFailed, null, "bad name or password");
            return Results.Json(new ApiError("Wrong user name or password."), statusCode: StatusCodes.Status401Unauthorized);
        }
        throttle.Succeeded(name);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            DeskPrincipal.ToClaims(user, CsrfTokens.NewToken(), CookieAuthenticationDefaults.AuthenticationScheme));
        await audit.AppendAsync(context, user.UserName, user.Role, DeskAuditAction.Login, null, null);
        return Results.Ok(new LoginAnswer(user.UserName, DeskPolicies.RoleName(user.Role), user.MustChangePassword));
    }

    private static async Task<IResult> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.NoContent();
    }

    private static IResult Me(HttpContext context, CsrfTokens csrf)
    {
        var user = DeskPrincipal.From(context.User);
        return user is null
            ? Results.Unauthorized()
            : Results.Ok(new MeAnswer(user.UserName, user.DisplayName, DeskPolicies.RoleName(user.Role), user.MustChangePassword, csrf.For(context.User)));
    }

    private static async Task<IResult> ChangePasswordAsync(PasswordRequest? request, HttpContext context, PipelineStore store, DeskAudit audit, CsrfTokens csrf, CancellationToken ct)
    {
        var principal = DeskPrincipal.From(context.User);
        if (principal is null)
        {
            return Results.Unauthorized();
        }
        var user = await store.GetUserAsync(principal.UserName, ct);
        if (user is null)
        {
            return Results.BadRequest(new ApiError("This account's password is managed by the organization's sign-on."));
        }
        var current = request?.CurrentPassword ?? "";
        var next = request?.NewPassword ?? "";
        if (!PasswordHasher.Verify(current, user.PasswordHash))
        {
            await audit.AppendAsync(context, principal, DeskAuditAction.Change, null, "refused 400: password change with a wrong current password");
            return Results.BadRequest(new ApiError("The current password is wrong."));
        }
        if (next.Length < MinPasswordLength || string.Equals(next, current, StringComparison.Ordinal))
        {
            return Results.BadRequest(new ApiError($"The new password must have at least {MinPasswordLength} characters and differ from the current one."));
        }
        await store.SetUserPasswordAsync(user.UserName, PasswordHasher.Hash(next), mustChangePassword: false, ct);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme,
            DeskPrincipal.ToClaims(user with { MustChangePassword = false }, csrf.For(context.User), CookieAuthenticationDefaults.AuthenticationScheme));
        await audit.AppendAsync(context, principal, DeskAuditAction.Change, null, "password changed");
        return Results.NoContent();
    }

    // ---- queue and alerts ----

    private static async Task<IResult> QueueAsync(HttpContext context, PipelineStore store, DeskAudit audit, TimeProvider time, CancellationToken ct)
    {
        var user = DeskPrincipal.From(context.User)!;
        var q = context.Request.Query;
        if (!TryParseDate(q["from"], out var from) || !TryParseDate(q["to"], out var to))
        {
            return Results.BadRequest(new ApiError("from and to must be ISO 8601 times with an offset."));
        }
        var limit = DefaultPageSize;
        if (q["limit"].ToString() is { Length: > 0 } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > AlertQuery.MaxPageSize))
        {
            return Results.BadRequest(new ApiError("limit must be 1 to 200."));
        }
        AlertCursor? after = null;
        if (q["after"].ToString() is { Length: > 0 } cursorText && !TryDecodeCursor(cursorText, out after))
        {
            return Results.BadRequest(new ApiError("after is not a cursor this desk gave out."));
        }
        var filter = new BulkFilter(
            [.. q["status"].Where(s => !string.IsNullOrEmpty(s))!], [.. q["category"].Where(s => !string.IsNullOrEmpty(s))!], [.. q["feed"].Where(s => !string.IsNullOrEmpty(s))!],
            NullIfEmpty(q["jurisdiction"]), NullIfEmpty(q["assignee"]), from, to, NullIfEmpty(q["q"]));
        if (!TryBuildQuery(filter, user, time.GetUtcNow(), out var query, out var error))
        {
            return Results.BadRequest(new ApiError(error));
        }
        var page = await store.QueryAlertsAsync(query with { After = after, PageSize = limit }, ct);
        if (IsFiltered(filter))
        {
            await audit.AppendAsync(context, user, DeskAuditAction.Search, SearchTarget(filter), "filters: " + FilterNames(filter));
        }
        return Results.Ok(new QueuePage([.. page.Rows.Select(QueueItem.From)], page.Next is { } next ? EncodeCursor(next) : null));
    }

    private static async Task<IResult> DetailAsync(
        string id, HttpContext context, PipelineStore store, DeskAudit audit, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var user = DeskPrincipal.From(context.User)!;
        var seesPrivacy = user.Role is DeskRole.Analyst or DeskRole.Supervisor;
        var detail = await store.GetAlertDetailAsync(id, seesPrivacy, time.GetUtcNow(), ct);
        if (detail is null)
        {
            return Results.NotFound(new ApiError("No such alert."));
        }
        var lineage = await LineageAsync(store, detail.Alert.Row.AlertId, loggers, ct);
        // One view of the alert, lineage included: audited once, as every detail view.
        await audit.AppendAsync(context, user, DeskAuditAction.View, id, null);
        var a = detail.Alert;
        var row = a.Row;
        var r = detail.Report;
        return Results.Ok(new AlertDetailAnswer(
            new AlertView(row.AlertId, row.ReportKey, row.FeedId, row.TopCategory, row.Priority, row.Urgency, row.Status, row.Assignee, row.RaisedAt, row.DueAt, row.Overdue,
                a.Disposition, a.DispositionCode, a.DispositionComment, a.Explanation, a.Scores, a.ModelVersion),
            new ReportView(r.IdempotencyKey, r.FeedId, r.Kind, r.OccurredAt, r.ReceivedAt, r.Narrative, r.CadCallType, r.TargetSector,
                new LocationView(r.Location.RawAddress, r.Location.Latitude, r.Location.Longitude, r.Location.Precision, r.Location.Jurisdictions)),
            NarrativeHighlights.Find(r.Narrative, a.Explanation),
            detail.Linked,
            [.. detail.History.Select(h => new HistoryView(h.At, h.Actor, h.Action, h.FromStatus, h.ToStatus, h.Disposition, h.Comment))],
            seesPrivacy && detail.Privacy is { } p ? new PrivacyView(p.Subjects, p.Vehicles) : null,
            [.. detail.Disseminations.Select(d => new DisseminationView(d.SharedAt, d.SharedBy, d.Recipient, d.NeedToKnow, d.Form))],
            lineage));
    }

    // The chain `./pipeline lineage <alert-id>` prints. A pass the store cannot read leaves the
    // lineage out (the page says so) rather than the whole alert.
    private static async Task<LineageView?> LineageAsync(PipelineStore store, string alertId, ILoggerFactory loggers, CancellationToken ct)
    {
        try
        {
            return await store.GetLineageAsync(alertId, ct) is { } lineage ? LineageView.From(lineage) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            DeskLog.LineageUnreadable(loggers.CreateLogger(typeof(DeskApi).FullName!));
            return null;
        }
    }

    private static async Task<IResult> ClaimAsync(string id, HttpContext context, PipelineStore store, DeskAudit audit, AlertEventHub hub, TimeProvider time, CancellationToken ct)
    {
        var user = DeskPrincipal.From(context.User)!;
        var now = time.GetUtcNow();
        if (await store.GetQueueRowAsync(id, now, ct) is null)
        {
            return Results.NotFound(new ApiError("No such alert."));
        }
        try
        {
            await store.ClaimAlertAsync(id, user.UserName, now, ct);
        }
        catch (InvalidOperationException ex)
        {
            await audit.AppendAsync(context, user, DeskAuditAction.Change, id, "refused 409: claim");
            return Results.Conflict(new ApiError(ex.Message));
        }
        await audit.AppendAsync(context, user, DeskAuditAction.Change, id, "claim");
        await PublishAsync(store, hub, id, now, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> DispositionAsync(
        string id, DispositionRequest? request, HttpContext context, PipelineStore store, DeskAudit audit, AlertEventHub hub, TimeProvider time, CancellationToken ct)
    {
        var user = DeskPrincipal.From(context.User)!;
        if (request?.Disposition is not { } disposition || !Enum.IsDefined(disposition)
            || string.IsNullOrWhiteSpace(request.Code) || request.Code.Length > 64
            || string.IsNullOrWhiteSpace(request.Comment) || request.Comment.Length > 2000)
        {
            return Results.BadRequest(new ApiError("A disposition (IseSar, NotIseSar or NeedsInformation), a code (up to 64 characters) and a comment (up to 2,000) are required."));
        }
        var now = time.GetUtcNow();
        if (await store.GetQueueRowAsync(id, now, ct) is null)
        {
            return Results.NotFound(new ApiError("No such alert."));
        }
        AlertStatus status;
        try
        {
            status = await store.DispositionAlertAsync(id, user.UserName, disposition, request.Code.Trim(), request.Comment, now, ct);
        }
        catch (InvalidOperationException ex)
        {
            await audit.AppendAsync(context, user, DeskAuditAction.Change, id, "refused 409: disposition");
            return Results.Conflict(new ApiError(ex.Message));
        }
        await audit.AppendAsync(context, user, DeskAuditAction.Change, id, $"disposition {disposition} ({request.Code.Trim()})");
        await PublishAsync(store, hub, id, now, ct);
        return Results.Ok(new StatusAnswer(status));
    }

    private static async Task<IResult> ReopenAsync(
        string id, ReopenRequest? request, HttpContext context, PipelineStore store, DeskAudit audit, AlertEventHub hub, TimeProvider time, CancellationToken ct)
    {
        var user = DeskPrincipal.From(context.User)!;
        if (string.IsNullOrWhiteSpace(request?.Reason) || request.Reason.Length > 2000)
        {
            return Results.BadRequest(new ApiError("A reason (up to 2,000 characters) is required."));
        }
        var now = time.GetUtcNow();
        if (await store.GetQueueRowAsync(id, now, ct) is null)
        {
            return Results.NotFound(new ApiError("No such alert."));
        }
        try
        {
            await store.ReopenAlertAsync(id, user.UserName, user.Role, request.Reason, now, ct);
        }
        catch (InvalidOperationException ex)
        {
            await audit.AppendAsync(context, user, DeskAuditAction.Change, id, "refused 409: reopen");
            return Results.Conflict(new ApiError(ex.Message));
        }
        await audit.AppendAsync(context, user, DeskAuditAction.Change, id, "reopen: " + request.Reason);
        await PublishAsync(store, hub, id, now, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ShareAsync(
        string id, ShareRequest? request, HttpContext context, PipelineStore store, DeskAudit audit, AlertEventHub hub, TimeProvider time, CancellationToken ct)
    {
        var user = DeskPrincipal.From(context.User)!;
        if (string.IsNullOrWhiteSpace(request?.Recipient) || request.Recipient.Length > 256 || string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000)
        {
            return Results.BadRequest(new ApiError("A recipient (up to 256 characters) and a need-to-know reason (up to 1,000) are required."));
        }
        var form = request.Form ?? DisseminationForm.Summary;
        if (!Enum.IsDefined(form))
        {
            return Results.BadRequest(new ApiError("form must be Summary or Detailed."));
        }
        if (form == DisseminationForm.Detailed && user.Role != DeskRole.Supervisor)
        {
            await audit.RefusedAsync(context, StatusCodes.Status403Forbidden, "Detailed share needs a supervisor");
            return Results.Json(new ApiError("Only a supervisor shares the Detailed form."), statusCode: StatusCodes.Status403Forbidden);
        }
        var now = time.GetUtcNow();
        if (await store.GetQueueRowAsync(id, now, ct) is null)
        {
            return Results.NotFound(new ApiError("No such alert."));
        }
        try
        {
            await store.ShareAlertAsync(id, user.UserName, request.Recipient.Trim(), request.Reason, form, now, ct);
        }
        catch (InvalidOperationException ex)
        {
            await audit.AppendAsync(context, user, DeskAuditAction.Share, id, "refused 409: share");
            return Results.Conflict(new ApiError(ex.Message));
        }
        await audit.AppendAsync(context, user, DeskAuditAction.Share, id, $"{form} to {request.Recipient.Trim()}: {request.Reason}");
        await PublishAsync(store, hub, id, now, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> ExportAsync(string id, HttpContext context, PipelineStore store, DeskAudit audit, TimeProvider time, CancellationToken ct)
    {
        var user = DeskPrincipal.From(context.User)!;
        var formText = context.Request.Query["form"].ToString();
        if (!Enum.TryParse<IseSarForm>(formText.Length == 0 ? nameof(IseSarForm.Summary) : formText, ignoreCase: false, out var form) || !Enum.IsDefined(form))
        {
            return Results.BadRequest(new ApiError("form must be Summary or Detailed."));
        }
        if (form == IseSarForm.Detailed && user.Role != DeskRole.Supervisor)
        {
            await audit.RefusedAsync(context, StatusCodes.Status403Forbidden, "Detailed export needs a supervisor");
            return Results.Json(new ApiError("Only a supervisor exports the Detailed form."), statusCode: StatusCodes.Status403Forbidden);
        }
        var detail = await store.GetAlertDetailAsync(id, includePrivacy: form == IseSarForm.Detailed, time.GetUtcNow(), ct);
        if (detail is null)
        {
            return Results.NotFound(new ApiError("No such alert."));
        }
        if (detail.Alert.Row.Status is not (AlertStatus.Vetted or AlertStatus.Shared))
        {
            return Results.Conflict(new ApiError("Only a vetted alert is exported as an ISE-SAR."));
        }
        var vetting = detail.History.LastOrDefault(h => h.Action == "Disposition" && h.ToStatus == AlertStatus.Vetted);
        var report = detail.Report with { Privacy = form == IseSarForm.Detailed ? detail.Privacy ?? PrivacyFields.None : PrivacyFields.None };
        var record = new IseSarRecord(
            report,
            id,
            [detail.Alert.Row.TopCategory],
            detail.Alert.DispositionCode,
            detail.Alert.DispositionComment,
            vetting?.Actor ?? detail.Alert.Row.Assignee ?? user.UserName,
            vetting?.At ?? detail.Alert.Row.RaisedAt,
            [.. detail.Linked.Select(l => l.ReportKey).Order(StringComparer.Ordinal)]);
        using var buffer = new MemoryStream();
        IseSarXmlWriter.Write(buffer, record, form);
        await audit.AppendAsync(context, user, DeskAuditAction.Export, id, $"ISE-SAR {form}");
        var fileName = "ise-sar-" + new string([.. id.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]) + "-" + form.ToString().ToLowerInvariant() + ".xml";
        return Results.File(buffer.ToArray(), "application/xml; charset=utf-8", fileName);
    }

    private static async Task<IResult> BulkCountAsync(BulkRequest? request, HttpContext context, PipelineStore store, TimeProvider time, CancellationToken ct)
    {
        var user = DeskPrincipal.From(context.User)!;
        var (ids, error) = await MatchBulkAsync(request, user, store, time.GetUtcNow(), ct);
        return error is not null ? Results.BadRequest(new ApiError(error)) : Results.Ok(new CountAnswer(ids!.Count));
    }

    private static async Task<IResult> BulkAsync(BulkRequest? request, HttpContext context, PipelineStore store, DeskAudit audit, AlertEventHub hub, TimeProvider time, CancellationToken ct)
    {
        var user = DeskPrincipal.From(context.User)!;
        if (request?.ExpectedCount is not { } expected)
        {
            return Results.BadRequest(new ApiError("expectedCount (from POST /api/alerts/bulk/count) is required."));
        }
        var now = time.GetUtcNow();
        var (ids, error) = await MatchBulkAsync(request, user, store, now, ct);
        if (error is not null)
        {
            return Results.BadRequest(new ApiError(error));
        }
        if (ids!.Count != expected)
        {
            await audit.AppendAsync(context, user, DeskAuditAction.Change, "bulk", $"refused 409: bulk close expected {expected}, found {ids.Count}");
            return Results.Conflict(new ApiError($"The filter now matches {ids.Count} alerts, not {expected}; count again."));
        }
        var changed = await store.CloseAlertsAsync(ids, user.UserName, request.Code!.Trim(), request.Comment!, now, ct);
        await audit.AppendAsync(context, user, DeskAuditAction.Change, "bulk", $"bulk close of {changed} alert(s) ({request.Code.Trim()}), filters: {FilterNames(request.Filter!)}");
        foreach (var id in ids)
        {
            hub.Publish(new AlertEvent(id, AlertStatus.Closed, 0));
        }
        return Results.Ok(new ChangedAnswer(changed));
    }

    private static async Task<(List<string>? Ids, string? Error)> MatchBulkAsync(BulkRequest? request, DeskPrincipal user, PipelineStore store, DateTimeOffset now, CancellationToken ct)
    {
        if (request is null || !string.Equals(request.Action, "close", StringComparison.Ordinal))
        {
            return (null, "action must be \"close\".");
        }
        if (string.IsNullOrWhiteSpace(request.Code) || request.Code.Length > 64 || string.IsNullOrWhiteSpace(request.Comment) || request.Comment.Length > 2000)
        {
            return (null, "A code (up to 64 characters) and a comment (up to 2,000) are required.");
        }
        var filter = request.Filter ?? new BulkFilter(null, null, null, null, null, null, null, null);
        if (!TryBuildQuery(filter, user, now, out var query, out var error))
        {
            return (null, error);
        }
        var ids = new List<string>();
        AlertCursor? after = null;
        do
        {
            var page = await store.QueryAlertsAsync(query with { After = after, PageSize = AlertQuery.MaxPageSize }, ct);
            ids.AddRange(page.Rows.Where(r => r.Status is AlertStatus.New or AlertStatus.InReview or AlertStatus.NeedsInformation).Select(r => r.AlertId));
            after = page.Next;
            if (ids.Count > MaxBulkAlerts)
            {
                return (null, $"The filter matches more than {MaxBulkAlerts} alerts; narrow it.");
            }
        }
        while (after is not null);
        return (ids, null);
    }

    private static async Task EventsAsync(HttpContext context, AlertEventHub hub, CancellationToken ct)
    {
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        var channel = hub.Subscribe();
        try
        {
            await context.Response.WriteAsync(": connected\n\n", ct);
            await context.Response.Body.FlushAsync(ct);
            while (!ct.IsCancellationRequested)
            {
                using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                heartbeat.CancelAfter(TimeSpan.FromSeconds(15));
                string message;
                try
                {
                    var alertEvent = await channel.Reader.ReadAsync(heartbeat.Token);
                    message = "event: alert\ndata: " + System.Text.Json.JsonSerializer.Serialize(alertEvent, EventJson.Options) + "\n\n";
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    message = ": keep-alive\n\n";
                }
                await context.Response.WriteAsync(message, ct);
                await context.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The browser went away.
        }
        finally
        {
            hub.Unsubscribe(channel);
        }
    }

    // ---- audit, feeds, fairness ----

    private static async Task<IResult> AuditAsync(HttpContext context, PipelineStore store, DeskAudit audit, TimeProvider time, CancellationToken ct)
    {
        var (entries, error) = await ReadAuditAsync(context, store, time, ct);
        if (error is not null)
        {
            return Results.BadRequest(new ApiError(error));
        }
        await audit.AppendAsync(context, DeskPrincipal.From(context.User)!, DeskAuditAction.View, "audit", null);
        return Results.Ok(entries!.Select(ToView).ToList());
    }

    private static async Task<IResult> AuditCsvAsync(HttpContext context, PipelineStore store, DeskAudit audit, TimeProvider time, CancellationToken ct)
    {
        var (entries, error) = await ReadAuditAsync(context, store, time, ct);
        if (error is not null)
        {
            return Results.BadRequest(new ApiError(error));
        }
        var csv = new StringBuilder("at,actor,role,action,target,reason,clientAddress\r\n");
        foreach (var e in entries!.Select(ToView))
        {
            csv.AppendJoin(',', new[] { e.At.ToString("O", CultureInfo.InvariantCulture), e.Actor, e.Role, e.Action, e.Target, e.Reason, e.ClientAddress }.Select(CsvField)).Append("\r\n");
        }
        await audit.AppendAsync(context, DeskPrincipal.From(context.User)!, DeskAuditAction.Export, "audit.csv", null);
        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", "desk-audit.csv");
    }

    private static async Task<IResult> FeedHealthAsync(HttpContext context, PipelineStore store, TimeProvider time, CancellationToken ct)
    {
        var minutes = 60;
        if (context.Request.Query["minutes"].ToString() is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out minutes) || minutes is < 1 or > 7 * 24 * 60))
        {
            return Results.BadRequest(new ApiError("minutes must be 1 to 10080."));
        }
        var rows = await store.GetFeedHealthAsync(time.GetUtcNow().AddMinutes(-minutes), ct);
        return Results.Ok(rows.GroupBy(m => m.FeedId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new FeedHealthView(
            g.Key,
            g.Sum(m => m.RecordsIn),
            g.Sum(m => m.Accepted),
            g.Sum(m => m.Rejected),
            g.Sum(m => m.Duplicates),
            g.Sum(m => m.UnknownFields),
            g.Where(m => m.ConsumerLag is not null).OrderBy(m => m.Minute).LastOrDefault()?.ConsumerLag,
            g.Max(m => m.LastRecordAt))).ToList());
    }

    private static async Task<IResult> FairnessReportsAsync(HttpContext context, PipelineStore store, CancellationToken ct)
    {
        var limit = 50;
        if (context.Request.Query["limit"].ToString() is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 500))
        {
            return Results.BadRequest(new ApiError("limit must be 1 to 500."));
        }
        var reports = await store.ListFairnessReportsAsync(NullIfEmpty(context.Request.Query["model"]), limit, ct);
        return Results.Ok(reports.Select(r => new FairnessReportView(
            r.ReportId, r.Kind.ToString(), r.ModelVersion, r.WindowFrom, r.WindowTo, r.DataDescription, r.CreatedAt, r.CreatedBy, r.RowsAudited, r.Passed, r.OverrideReason, r.Summary)).ToList());
    }

    private static async Task<IResult> FairnessReportAsync(string id, HttpContext context, PipelineStore store, DeskAudit audit, CancellationToken ct)
    {
        var report = await store.GetFairnessReportAsync(id, ct);
        if (report is null)
        {
            return Results.NotFound(new ApiError("No such fairness report."));
        }
        await audit.AppendAsync(context, DeskPrincipal.From(context.User)!, DeskAuditAction.View, "fairness:" + id, null);
        // The stored page is self-contained: no scripts may run in it, whatever it holds.
        context.Response.Headers.ContentSecurityPolicy = FairnessReportPolicy;
        context.Response.Headers.XFrameOptions = "SAMEORIGIN";
        return Results.Content(report.Html, "text/html; charset=utf-8");
    }

    // ---- helpers ----

    private static async ValueTask<object?> CsrfFilterAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        if (!context.RequestServices.GetRequiredService<CsrfTokens>().IsValid(context))
        {
            await context.RequestServices.GetRequiredService<DeskAudit>().RefusedAsync(context, StatusCodes.Status400BadRequest, "missing or wrong CSRF token");
            return Results.BadRequest(new ApiError($"Missing or wrong {CsrfTokens.HeaderName} header."));
        }
        return await next(invocation);
    }

    private static async Task PublishAsync(PipelineStore store, AlertEventHub hub, string id, DateTimeOffset now, CancellationToken ct)
    {
        if (await store.GetQueueRowAsync(id, now, ct) is { } row)
        {
            hub.Publish(new AlertEvent(row.AlertId, row.Status, row.Urgency));
        }
    }

    private static async Task<(IReadOnlyList<DeskAuditEntry>? Entries, string? Error)> ReadAuditAsync(HttpContext context, PipelineStore store, TimeProvider time, CancellationToken ct)
    {
        var q = context.Request.Query;
        if (!TryParseDate(q["from"], out var from) || !TryParseDate(q["to"], out var to))
        {
            return (null, "from and to must be ISO 8601 times with an offset.");
        }
        var limit = 1000;
        if (q["limit"].ToString() is { Length: > 0 } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > 100_000))
        {
            return (null, "limit must be 1 to 100000.");
        }
        var now = time.GetUtcNow();
        var entries = await store.ReadAuditAsync(from ?? now.AddDays(-7), to ?? now.AddSeconds(1), NullIfEmpty(q["actor"]), limit, ct);
        return (entries, null);
    }

    private static AuditView ToView(DeskAuditEntry e) => new(
        e.At, e.Actor, e.Role is { } role ? DeskPolicies.RoleName(role) : "none", AuditActionName(e.Action), e.Target, e.Reason, e.ClientAddress);

    private static string AuditActionName(DeskAuditAction action) => action switch
    {
        DeskAuditAction.LoginFailed => "login-failed",
        _ => action.ToString().ToLowerInvariant(),
    };

    // Spreadsheet formula injection: a cell that starts like a formula is prefixed with a quote.
    internal static string CsvField(string? value)
    {
        var text = value ?? "";
        if (text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '|' or '%')
        {
            text = "'" + text;
        }
        return "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static bool TryBuildQuery(BulkFilter filter, DeskPrincipal user, DateTimeOffset now, out AlertQuery query, out string error)
    {
        query = new AlertQuery { Now = now };
        error = "";
        var statuses = new List<AlertStatus>();
        foreach (var text in filter.Status ?? [])
        {
            if (!Enum.TryParse<AlertStatus>(text, ignoreCase: true, out var status) || !Enum.IsDefined(status) || int.TryParse(text, out _))
            {
                error = "status must be New, InReview, Vetted, NeedsInformation, Shared or Closed.";
                return false;
            }
            statuses.Add(status);
        }
        var assignee = filter.Assignee is "me" ? user.UserName : filter.Assignee;
        if (filter.Q is { Length: > 500 })
        {
            error = "q is at most 500 characters.";
            return false;
        }
        query = query with
        {
            Statuses = statuses,
            Categories = [.. (filter.Category ?? []).Select(c => c.Trim().ToUpperInvariant())],
            FeedIds = [.. filter.Feed ?? []],
            Jurisdiction = filter.Jurisdiction,
            Assignee = string.IsNullOrEmpty(assignee) ? null : assignee,
            RaisedFrom = filter.From,
            RaisedTo = filter.To,
            Text = string.IsNullOrEmpty(filter.Q) ? null : filter.Q,
        };
        return true;
    }

    private static bool IsFiltered(BulkFilter f) =>
        f.Status is { Count: > 0 } || f.Category is { Count: > 0 } || f.Feed is { Count: > 0 } || f.Jurisdiction is not null || f.Assignee is not null || f.From is not null || f.To is not null || f.Q is not null;

    // Which filters were used, never their values (a search text may hold a name).
    private static string FilterNames(BulkFilter f) => string.Join(",", new[]
    {
        f.Status is { Count: > 0 } ? "status" : null,
        f.Category is { Count: > 0 } ? "category" : null,
        f.Feed is { Count: > 0 } ? "feed" : null,
        f.Jurisdiction is not null ? "jurisdiction" : null,
        f.Assignee is not null ? "assignee" : null,
        f.From is not null ? "from" : null,
        f.To is not null ? "to" : null,
        f.Q is not null ? "q" : null,
    }.Where(n => n is not null));

    private static string SearchTarget(BulkFilter f) => DeskAuditEntry.SearchTarget(string.Join("\u001f",
        string.Join(",", f.Status ?? []), string.Join(",", f.Category ?? []), string.Join(",", f.Feed ?? []),
        f.Jurisdiction, f.Assignee, f.From?.ToString("O", CultureInfo.InvariantCulture), f.To?.ToString("O", CultureInfo.InvariantCulture), f.Q));

    private static bool TryParseDate(Microsoft.Extensions.Primitives.StringValues values, out DateTimeOffset? value)
    {
        value = null;
        var text = values.ToString();
        if (text.Length == 0)
        {
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            value = parsed;
            return true;
        }
        return false;
    }

    private static string? NullIfEmpty(Microsoft.Extensions.Primitives.StringValues values) => values.ToString() is { Length: > 0 } text ? text : null;

    internal static string EncodeCursor(AlertCursor cursor) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{cursor.Urgency}|{cursor.RaisedAt.UtcTicks}|{cursor.AlertId}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static bool TryDecodeCursor(string text, out AlertCursor? cursor)
    {
        cursor = null;
        try
        {
            var base64 = text.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|', 3);
            if (parts.Length == 3
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var urgency)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is >= 0 and <= 3155378975999999999
                && parts[2].Length > 0)
            {
                cursor = new AlertCursor(urgency, new DateTimeOffset(ticks, TimeSpan.Zero), parts[2]);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}

/// <summary>JSON options of the event stream (camelCase, enums as names), as the API's.</summary>
internal static class EventJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}

/// <summary>Where the explanation's narrative terms occur in the narrative.</summary>
internal static class NarrativeHighlights
{
    private const string Prefix = "narrative:";

    /// <summary>Every case-insensitive occurrence of each quoted narrative feature's phrase, in order, without overlaps.</summary>
    public static IReadOnlyList<Highlight> Find(string narrative, IReadOnlyList<ScoreEvidence> explanation)
    {
        var terms = explanation
            .Select(e => e.Feature)
            .Where(f => f.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            .Select(f => f[Prefix.Length..].Trim().Trim('"').Trim())
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        var found = new List<Highlight>();
        foreach (var term in terms)
        {
            for (var at = narrative.IndexOf(term, StringComparison.OrdinalIgnoreCase); at >= 0; at = narrative.IndexOf(term, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                // Whole words only: the model's features are words and word n-grams, so "threat"
                // is a feature of "a threat" and not of "threatened" (a feature of its own).
                if (IsWordEdge(narrative, at - 1) && IsWordEdge(narrative, at + term.Length))
                {
                    found.Add(new Highlight(at, term.Length, term));
                }
            }
        }
        var result = new List<Highlight>();
        foreach (var h in found.OrderBy(h => h.Start).ThenByDescending(h => h.Length))
        {
            if (result.Count == 0 || h.Start >= result[^1].Start + result[^1].Length)
            {
                result.Add(h);
            }
        }
        return result;
    }

    private static bool IsWordEdge(string text, int index) =>
        index < 0 || index >= text.Length || !char.IsLetterOrDigit(text[index]);
}
