using Build;
using Build.Configuration;
using Build.Diagnostics;
using Build.Reporting;
using Cake.Core;
using Cake.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

var inActions = GitHubActions.Read(Environment.GetEnvironmentVariable).IsRunning;
return new CakeHost()
    .UseContext<BuildContext>()
    .UseLifetime<BuildLifetime>()
    .UseTaskLifetime<BuildTaskLifetime>()
    .ConfigureServices(services =>
    {
        services.AddSingleton<IConsole>(provider => PlainConsole.Choose(new CakeConsole(provider.GetRequiredService<ICakeEnvironment>()), Environment.GetEnvironmentVariable, Console.IsOutputRedirected));
        services.AddSingleton(provider => new WorkflowCommandLog(new CakeBuildLog(provider.GetRequiredService<IConsole>()), provider.GetRequiredService<IConsole>(), inActions));
        services.AddSingleton<ICakeLog>(provider => new MaskingLog(
            provider.GetRequiredService<WorkflowCommandLog>(),
            SecretMasker.FromEnvironment(Environment.GetEnvironmentVariable, provider.GetRequiredService<ICakeArguments>().GetArguments(SecretMasker.SecretEnvArgument))));
        services.AddSingleton(provider => new ReleaseReportPrinter(provider.GetRequiredService<IConsole>(), provider.GetRequiredService<ICakeLog>(), provider, inActions));
        services.AddSingleton<ICakeReportPrinter>(provider => provider.GetRequiredService<ReleaseReportPrinter>());
        services.AddSingleton<Build.State.RunInterruption>();
    })
    .Run(args);
