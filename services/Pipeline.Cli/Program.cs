using Pipeline.Cli;

return await CommandLine.Build().Parse(args).InvokeAsync();
