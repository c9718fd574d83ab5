using Pipeline.Worker;

var app = PipelineWorkerHost.Build(args);
await app.RunAsync();
