using Cake.Core.IO;
using Cake.Core.Packaging;
using Cake.Frosting.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Cake.Frosting;

public static class ServiceCollectionExtensions
{
    public static void UseContext<TContext>(this IServiceCollection services)
        where TContext : class, IFrostingContext
    {
        services.RemoveAll<IFrostingContext>();
        services.AddSingleton<IFrostingContext, TContext>();
    }

    public static void UseLifetime<TLifetime>(this IServiceCollection services)
        where TLifetime : class, IFrostingLifetime
    {
        services.RemoveAll<IFrostingSetup>();
        services.RemoveAll<IFrostingTeardown>();
        services.AddSingleton<TLifetime>();
        services.AddSingleton<IFrostingSetup>(provider => provider.GetRequiredService<TLifetime>());
        services.AddSingleton<IFrostingTeardown>(provider => provider.GetRequiredService<TLifetime>());
    }

    public static void UseSetup<TSetup>(this IServiceCollection services)
        where TSetup : class, IFrostingSetup
    {
        services.RemoveAll<IFrostingSetup>();
        services.AddSingleton<IFrostingSetup, TSetup>();
    }

    public static void UseTeardown<TTeardown>(this IServiceCollection services)
        where TTeardown : class, IFrostingTeardown
    {
        services.RemoveAll<IFrostingTeardown>();
        services.AddSingleton<IFrostingTeardown, TTeardown>();
    }

    public static void UseTaskLifetime<TLifetime>(this IServiceCollection services)
        where TLifetime : class, IFrostingTaskLifetime
    {
        services.RemoveAll<IFrostingTaskSetup>();
        services.RemoveAll<IFrostingTaskTeardown>();
        services.AddSingleton<TLifetime>();
        services.AddSingleton<IFrostingTaskSetup>(provider => provider.GetRequiredService<TLifetime>());
        services.AddSingleton<IFrostingTaskTeardown>(provider => provider.GetRequiredService<TLifetime>());
    }

    public static void UseTaskSetup<TSetup>(this IServiceCollection services)
        where TSetup : class, IFrostingTaskSetup
    {
        services.RemoveAll<IFrostingTaskSetup>();
        services.AddSingleton<IFrostingTaskSetup, TSetup>();
    }

    public static void UseTaskTeardown<TTeardown>(this IServiceCollection services)
        where TTeardown : class, IFrostingTaskTeardown
    {
        services.RemoveAll<IFrostingTaskTeardown>();
        services.AddSingleton<IFrostingTaskTeardown, TTeardown>();
    }

    public static void UseTool(this IServiceCollection services, Uri uri) =>
        services.AddSingleton(new PackageReference(uri.OriginalString));

    public static void UseWorkingDirectory(this IServiceCollection services, DirectoryPath path)
    {
        services.RemoveAll<WorkingDirectory>();
        services.AddSingleton(new WorkingDirectory(path));
    }

    public static void UseCakeSetting(this IServiceCollection services, string key, string value) =>
        services.AddSingleton(new ConfigurationSetting(key, value));
}
