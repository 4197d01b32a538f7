using System.Runtime.InteropServices;
using GovCfct.Cli;

// Ctrl-C (SIGINT) cancels the running command instead of killing the process, so temporary folders are removed
// and output folders stay as they were (they are written atomically); the command then exits 130.
using var interrupt = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
{
    context.Cancel = true;
    interrupt.Cancel();
});

return await GovCfctApp.RunAsync(args, Console.Out, Console.Error, interrupt.Token);
