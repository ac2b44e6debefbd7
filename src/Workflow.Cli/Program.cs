using Workflow.Cli;

return CliApp.Run(args);
