namespace Pipeline.Worker;

internal static partial class WorkerLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Record on topic {Topic}, which no configured feed reads, was dead-lettered")]
    public static partial void UnknownTopic(ILogger logger, string topic);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Reader of feed {FeedId} failed on partition {Partition} offset {Offset}; the record was dead-lettered")]
    public static partial void ReaderFailed(ILogger logger, Exception exception, string feedId, int partition, long offset);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "The {Stage} stage failed for a report of feed {FeedId} at partition {Partition} offset {Offset}; it was dead-lettered")]
    public static partial void ReportStageFailed(ILogger logger, Exception exception, string stage, string feedId, int partition, long offset);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Worker roles {Roles}; Kafka at {BootstrapServers}; store {Provider}")]
    public static partial void Started(ILogger logger, WorkerRoles roles, string bootstrapServers, Pipeline.Storage.StoreProvider provider);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Information, Message = "Geocoder ready: {Providers}; gazetteer {AddressPoints} address points and {StreetSegments} street segments; {Jurisdictions} jurisdictions")]
    public static partial void GeocoderReady(ILogger logger, string providers, int addressPoints, int streetSegments, int jurisdictions);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Gazetteer reloaded after a new import: {AddressPoints} address points, {StreetSegments} street segments")]
    public static partial void GazetteerReloaded(ILogger logger, int addressPoints, int streetSegments);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "Reloading the gazetteer failed; the current one stays in use")]
    public static partial void GazetteerReloadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Writing {Minutes} feed-health minute(s) to the store failed; retrying at the next flush")]
    public static partial void FeedHealthFlushFailed(ILogger logger, Exception exception, int minutes);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Scoring with model {ModelVersion}")]
    public static partial void ModelInService(ILogger logger, string modelVersion);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Loading the newly promoted model failed; the model in service stays")]
    public static partial void ModelLoadFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Warning, Message = "The scheduled fairness audit failed; it runs again at the next interval")]
    public static partial void FairnessAuditFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Fairness audit {ReportId} of model {ModelVersion} stored: {Decisions} decisions, {Labelled} vetted; policy passed: {Passed}")]
    public static partial void FairnessAuditStored(ILogger logger, string reportId, string modelVersion, int decisions, int labelled, bool? passed);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Warning, Message = "The store refused a batch of {Count} writes ({Refusal}); writing them one at a time to set the refused reports aside")]
    public static partial void BatchRefusedByStore(ILogger logger, int count, string refusal);

    // No exception: a database's message may quote the refused value.
    [LoggerMessage(EventId = 2014, Level = LogLevel.Error, Message = "The store refused a report of feed {FeedId} at partition {Partition} offset {Offset} ({Refusal}); it was dead-lettered")]
    public static partial void ReportRefusedByStore(ILogger logger, string feedId, int partition, long offset, string refusal);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Geocoding a batch of {Count} reports failed ({ExceptionType}); placing them one at a time to set the failing reports aside")]
    public static partial void BatchGeocodingFailed(ILogger logger, string exceptionType, int count);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Error, Message = "Geocoding failed ({ExceptionType}) for a report of feed {FeedId} at partition {Partition} offset {Offset}; it was dead-lettered")]
    public static partial void ReportGeocodingFailed(ILogger logger, string exceptionType, string feedId, int partition, long offset);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning, Message = "Archiving {Count} raw messages failed ({ExceptionType}); their reports are published, and the batch's offsets wait for the archive: retrying in {DelayMs} ms")]
    public static partial void ArchiveRetrying(ILogger logger, int count, string exceptionType, long delayMs);
}
