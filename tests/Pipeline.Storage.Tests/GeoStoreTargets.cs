namespace Pipeline.Storage.Tests;

/// <summary>The geocoding store contract on SQLite, the embedded default.</summary>
public sealed class SqliteGeoStoreContractTests : GeoStoreContractTests
{
    protected override Task<StoreTarget> CreateTargetAsync() => Task.FromResult<StoreTarget>(new SqliteTarget());
}

/// <summary>The geocoding store contract on SQL Server; skipped unless PIPELINE_TEST_SQLSERVER names a server.</summary>
public sealed class SqlServerGeoStoreContractTests : GeoStoreContractTests
{
    protected override async Task<StoreTarget> CreateTargetAsync() => await SqlServerTarget.CreateAsync(Ct);
}
