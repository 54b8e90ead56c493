using Build;
using Build.Diagnostics;
using Build.Reporting;
using Cake.Core;
using Cake.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

return new CakeHost()
    .UseContext<BuildContext>()
    .UseLifetime<BuildLifetime>()
    .UseTaskLifetime<BuildTaskLifetime>()
    .ConfigureServices(services =>
    {
        services.AddSingleton<ICakeLog>(provider => new MaskingLog(
            new CakeBuildLog(provider.GetRequiredService<IConsole>()),
            SecretMasker.FromEnvironment(Environment.GetEnvironmentVariable, provider.GetRequiredService<ICakeArguments>().GetArguments(SecretMasker.SecretEnvArgument))));
        services.AddSingleton<ICakeReportPrinter, ReleaseReportPrinter>();
    })
    .Run(args);
