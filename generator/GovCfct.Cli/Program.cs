using GovCfct.Cli;

return await GovCfctApp.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
