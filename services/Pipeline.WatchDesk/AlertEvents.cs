using System.Threading.Channels;
using Microsoft.Extensions.Options;
using Pipeline.Contracts;
using Pipeline.Storage;

namespace Pipeline.WatchDesk;

/// <summary>What a live-update subscriber is told: an alert was raised or changed.</summary>
internal sealed record AlertEvent(string AlertId, AlertStatus Status, int Urgency);

/// <summary>Fans alert events out to the connected server-sent-event streams.</summary>
internal sealed class AlertEventHub
{
    private readonly Lock _lock = new();
    private readonly List<Channel<AlertEvent>> _subscribers = [];

    public int SubscriberCount
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    public Channel<AlertEvent> Subscribe()
    {
        // A slow browser loses its oldest events rather than holding memory or the poller.
        var channel = Channel.CreateBounded<AlertEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
        {
            _subscribers.Add(channel);
        }
        return channel;
    }

    public void Unsubscribe(Channel<AlertEvent> channel)
    {
        lock (_lock)
        {
            _subscribers.Remove(channel);
        }
        channel.Writer.TryComplete();
    }

    public void Publish(AlertEvent alertEvent)
    {
        Channel<AlertEvent>[] subscribers;
        lock (_lock)
        {
            subscribers = [.. _subscribers];
        }
        foreach (var subscriber in subscribers)
        {
            subscriber.Writer.TryWrite(alertEvent);
        }
    }
}

/// <summary>
/// The pipeline writes alerts from another process, so one shared poller reads the store for
/// alerts whose row changed since its last poll and publishes them to every subscriber. Changes
/// made through this app are published at once as well (and again by the next poll: harmless).
/// </summary>
internal sealed class AlertChangePoller(PipelineStore store, AlertEventHub hub, TimeProvider time, IOptions<WatchDeskOptions> options, ILogger<AlertChangePoller> logger)
    : BackgroundService
{
    private const int MaxChangesPerPoll = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var since = time.GetUtcNow();
        var backoff = options.Value.EventPollInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(backoff, time, stoppingToken);
                if (hub.SubscriberCount == 0)
                {
                    since = time.GetUtcNow();
                    continue;
                }
                var changes = await store.GetAlertChangesAsync(since, MaxChangesPerPoll, stoppingToken);
                foreach (var change in changes)
                {
                    hub.Publish(new AlertEvent(change.AlertId, change.Status, change.Urgency));
                    if (change.UpdatedAt > since)
                    {
                        since = change.UpdatedAt;
                    }
                }
                backoff = options.Value.EventPollInterval;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                DeskLog.PollFailed(logger, ex);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }
}
