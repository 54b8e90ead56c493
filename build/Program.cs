using Build;
using Build.Diagnostics;
using Cake.Core;
using Cake.Core.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

return new CakeHost()
    .UseContext<BuildContext>()
    .UseLifetime<BuildLifetime>()
    .ConfigureServices(services => services.AddSingleton<ICakeLog>(provider => new MaskingLog(
        new CakeBuildLog(provider.GetRequiredService<IConsole>()),
        SecretMasker.FromEnvironment(Environment.GetEnvironmentVariable, provider.GetRequiredService<ICakeArguments>().GetArguments(SecretMasker.SecretEnvArgument)))))
    .Run(args);
