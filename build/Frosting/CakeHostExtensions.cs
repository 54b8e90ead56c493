using Cake.Core.Composition;
using Cake.Core.IO;

namespace Cake.Frosting;

/// <summary>The fluent configuration of <see cref="CakeHost"/>, as in Cake.Frosting.</summary>
public static class CakeHostExtensions
{
    /// <summary>Uses <typeparamref name="TContext"/> as the context handed to every task (the last call wins).</summary>
    public static CakeHost UseContext<TContext>(this CakeHost host)
        where TContext : class, IFrostingContext =>
        host.ConfigureServices(services => services.UseContext<TContext>());

    public static CakeHost UseLifetime<TLifetime>(this CakeHost host)
        where TLifetime : class, IFrostingLifetime =>
        host.ConfigureServices(services => services.UseLifetime<TLifetime>());

    public static CakeHost UseSetup<TSetup>(this CakeHost host)
        where TSetup : class, IFrostingSetup =>
        host.ConfigureServices(services => services.UseSetup<TSetup>());

    public static CakeHost UseTeardown<TTeardown>(this CakeHost host)
        where TTeardown : class, IFrostingTeardown =>
        host.ConfigureServices(services => services.UseTeardown<TTeardown>());

    public static CakeHost UseTaskLifetime<TLifetime>(this CakeHost host)
        where TLifetime : class, IFrostingTaskLifetime =>
        host.ConfigureServices(services => services.UseTaskLifetime<TLifetime>());

    public static CakeHost UseTaskSetup<TSetup>(this CakeHost host)
        where TSetup : class, IFrostingTaskSetup =>
        host.ConfigureServices(services => services.UseTaskSetup<TSetup>());

    public static CakeHost UseTaskTeardown<TTeardown>(this CakeHost host)
        where TTeardown : class, IFrostingTaskTeardown =>
        host.ConfigureServices(services => services.UseTaskTeardown<TTeardown>());

    public static CakeHost UseModule<TModule>(this CakeHost host)
        where TModule : ICakeModule, new() =>
        host.ConfigureServices(services => Cake.Cli.ServiceCollectionExtensions.UseModule<TModule>(services));

    /// <summary>Installs a tool before the first task runs, e.g. <c>dotnet:?package=Microsoft.Sbom.DotNetTool&amp;version=4.1.13</c>.</summary>
    public static CakeHost InstallTool(this CakeHost host, Uri uri) =>
        host.ConfigureServices(services => services.UseTool(uri));

    /// <summary>Sets the working directory, relative to the process's current directory; <c>--working</c> overrides it.</summary>
    public static CakeHost UseWorkingDirectory(this CakeHost host, DirectoryPath path) =>
        host.ConfigureServices(services => services.UseWorkingDirectory(path));

    /// <summary>The lowest-precedence value of a Cake setting: <c>CAKE_*</c> variables, cake.config and the command line override it.</summary>
    public static CakeHost UseCakeSetting(this CakeHost host, string key, string value) =>
        host.ConfigureServices(services => services.UseCakeSetting(key, value));
}
