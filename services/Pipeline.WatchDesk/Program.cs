using Pipeline.WatchDesk;

var app = WatchDeskApp.Build(args);
await app.RunAsync();
