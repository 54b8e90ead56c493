using Cake.Cli;
using Cake.Cli.Infrastructure;
using Cake.Core;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Packaging;
using Cake.Core.Scripting;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console.Cli;

namespace Cake.Frosting.Internal;

/// <summary>The one command of the build program: parse, choose a script host, run the targets.</summary>
internal sealed partial class DefaultCommand(IServiceCollection services) : Command<DefaultCommandSettings>
{
    [System.Text.RegularExpressions.GeneratedRegex(@"^Could not reach target '(.+)' since it was skipped due to a criteria\.")]
    private static partial System.Text.RegularExpressions.Regex SkippedTarget();

    public override int Execute(CommandContext context, DefaultCommandSettings settings, CancellationToken cancellationToken)
    {
        services.AddSingleton(context.Remaining);
        return Run(settings, context.Remaining.ToCakeArguments(settings.Targets, null));
    }

    /// <summary>Runs the build for parsed settings and arguments (from Spectre.Console.Cli or <see cref="CommandLine"/>).</summary>
    public int Run(DefaultCommandSettings settings, ICakeArguments arguments)
    {
        services.AddSingleton(arguments);
        services.AddSingleton<TaskRegistrar>();
        services.AddSingleton<BuildScriptHost<IFrostingContext>>();
        services.AddSingleton<DryRunScriptHost<IFrostingContext>>();
        services.AddSingleton<TreeScriptHost>();
        services.AddSingleton<DescriptionScriptHost>();

        using var provider = services.BuildServiceProvider();
        var log = provider.GetRequiredService<ICakeLog>();
        try
        {
            if (settings.Problems.Count > 0)
            {
                settings.Problems.ForEach(problem => log.Error("{0}", problem));
                return 1;
            }

            if (settings.Version)
            {
                provider.GetRequiredService<VersionFeature>().Run(provider.GetRequiredService<IConsole>());
                return 0;
            }

            if (settings.Info)
            {
                provider.GetRequiredService<InfoFeature>().Run(provider.GetRequiredService<IConsole>());
                return 0;
            }

            log.Verbosity = settings.Verbosity;
            SetWorkingDirectory(provider, settings);

            // Building the context validates every setting, so bad input fails before the first task; it comes first, so
            // that whatever the context starts in the background overlaps the engine's own start.
            if (!settings.Tree && !settings.Description)
            {
                _ = provider.GetRequiredService<IFrostingContext>();
            }

            var registrar = provider.GetRequiredService<TaskRegistrar>();
            registrar.Register(() => provider.GetRequiredService<IFrostingContext>(), withLifetimes: !settings.DryRun && !settings.Tree && !settings.Description);

            var unknown = settings.Targets.Where(target => !registrar.TaskNames.Contains(target, StringComparer.OrdinalIgnoreCase)).ToList();
            if (unknown.Count > 0 && !settings.Tree && !settings.Description)
            {
                var suggestions = string.Concat(unknown.Select(target => Spelling.Suggestion(target, registrar.TaskNames)));
                log.Error("Unknown target '{0}'{1}. Known targets: {2}.", string.Join("', '", unknown), suggestions, string.Join(", ", registrar.TaskNames.Order(StringComparer.Ordinal)));
                return 1;
            }

            var host = ChooseHost(provider, settings);
            if (settings.Exclusive)
            {
                host.Settings.UseExclusiveTarget();
            }

            // A dry run installs nothing: it only shows the order the tasks would run in.
            if (!settings.Tree && !settings.Description && !settings.DryRun)
            {
                InstallTools(provider, log);
            }

            host.RunTargets(settings.Targets);
            return 0;
        }
        catch (Exception exception) when (SkippedTargetOf(exception) is { } target)
        {
            // Cake fails a run whose target its own criteria skipped; here the skip (with its logged reason) is the outcome.
            log.Information("Target {0} was skipped; the reason is logged above.", target);
            return 0;
        }
        catch (Exception exception)
        {
            var report = exception is CakeReportException ? exception.InnerException ?? exception : exception;
            return log.LogException(report) is var code && code == 0 ? 1 : code;
        }
    }

    private static string? SkippedTargetOf(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (SkippedTarget().Match(current.Message) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        return null;
    }

    private static IScriptHost ChooseHost(IServiceProvider provider, DefaultCommandSettings settings) => settings switch
    {
        { DryRun: true } => provider.GetRequiredService<DryRunScriptHost<IFrostingContext>>(),
        { Tree: true } => provider.GetRequiredService<TreeScriptHost>(),
        { Description: true } => provider.GetRequiredService<DescriptionScriptHost>(),
        _ => provider.GetRequiredService<BuildScriptHost<IFrostingContext>>(),
    };

    private static void SetWorkingDirectory(IServiceProvider provider, DefaultCommandSettings settings)
    {
        var fileSystem = provider.GetRequiredService<IFileSystem>();
        var environment = provider.GetRequiredService<ICakeEnvironment>();
        var directory = (settings.WorkingDirectory ?? provider.GetService<WorkingDirectory>()?.Path)?.MakeAbsolute(environment)
            ?? environment.WorkingDirectory;
        if (!fileSystem.Exist(directory))
        {
            throw new FrostingException($"The working directory '{directory.FullPath}' does not exist; pass an existing one with --working.");
        }

        environment.WorkingDirectory = directory;
    }

    private static void InstallTools(IServiceProvider provider, ICakeLog log)
    {
        var installer = provider.GetRequiredService<Cake.Core.Tooling.IToolInstaller>();
        foreach (var tool in provider.GetServices<PackageReference>())
        {
            log.Verbose("Installing tool {0}", tool.OriginalString);
            installer.Install(tool);
        }
    }
}
