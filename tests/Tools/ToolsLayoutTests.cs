using System.Reflection;
using Build.Tools;
using Build.Tests.Support;
using Cake.Core;
using Cake.Core.Tooling;

namespace Build.Tests.Tools;

/// <summary>
/// build/Tools has one folder per tool, each in the same pattern: the tool's settings (<c>*Settings.cs</c>, classes
/// deriving from Cake's <see cref="ToolSettings"/>), one runner (<c>*Runner.cs</c>, a <see cref="CapturingTool{TSettings}"/>)
/// and one alias class (<c>*Aliases.cs</c>, extension methods on <see cref="ICakeContext"/>), every type named after the
/// folder and in the namespace <c>Build.Tools.&lt;Folder&gt;</c>. A new tool is added by copying a folder.
/// </summary>
public sealed class ToolsLayoutTests
{
    private static readonly string ToolsFolder = Path.Combine(BuildProgram.RepositoryRoot, "build", "Tools");

    private static readonly Type[] BuildTypes = typeof(CapturingTool<>).Assembly.GetTypes();

    public static IEnumerable<string> Folders() =>
        Directory.GetDirectories(Path.Combine(BuildProgram.RepositoryRoot, "build", "Tools")).Select(Path.GetFileName).OfType<string>().Where(name => name is not ("bin" or "obj")).Order();

    private static Type[] TypesOf(string folder) =>
        [.. BuildTypes.Where(type => type.Namespace == $"Build.Tools.{folder}" && !type.IsNested && !type.IsDefined(typeof(System.Runtime.CompilerServices.CompilerGeneratedAttribute)))];

    [Test]
    public void Every_tool_folder_has_settings_a_runner_and_aliases_files([ValueSource(nameof(Folders))] string folder)
    {
        var files = Directory.GetFiles(Path.Combine(ToolsFolder, folder), "*.cs").Select(Path.GetFileName).OfType<string>().ToList();

        Assert.That(files.Where(file => file.EndsWith("Runner.cs", StringComparison.Ordinal)), Has.Exactly(1).Items, $"build/Tools/{folder}: one *Runner.cs");
        Assert.That(files.Where(file => file.EndsWith("Aliases.cs", StringComparison.Ordinal)), Has.Exactly(1).Items, $"build/Tools/{folder}: one *Aliases.cs");
        Assert.That(files.Where(file => file.EndsWith("Settings.cs", StringComparison.Ordinal)), Is.Not.Empty, $"build/Tools/{folder}: at least one *Settings.cs");
        Assert.That(files, Has.All.StartWith(folder), $"build/Tools/{folder}: every file is named after the tool");
    }

    [Test]
    public void Every_type_of_a_tool_folder_is_named_after_the_tool_and_lives_in_its_namespace([ValueSource(nameof(Folders))] string folder)
    {
        var types = TypesOf(folder);

        Assert.That(types, Is.Not.Empty, $"namespace Build.Tools.{folder} (the folder's files must declare it)");
        Assert.That(types.Select(type => type.IsInterface ? type.Name[1..] : type.Name), Has.All.StartWith(folder), "an interface is I + the tool's name");
    }

    [Test]
    public void The_runner_captures_its_tool_and_the_aliases_extend_the_Cake_context([ValueSource(nameof(Folders))] string folder)
    {
        var types = TypesOf(folder);

        var runners = types.Where(type => type.Name.EndsWith("Runner", StringComparison.Ordinal)).ToList();
        Assert.That(runners, Has.Exactly(1).Items);
        Assert.That(IsCapturingTool(runners[0]), Is.True, $"{runners[0].Name} derives from CapturingTool<TSettings> (retries, secret masking, diagnostics)");

        var aliases = types.Where(type => type.Name.EndsWith("Aliases", StringComparison.Ordinal)).ToList();
        Assert.That(aliases, Has.Exactly(1).Items);
        Assert.That(aliases[0].IsAbstract && aliases[0].IsSealed, Is.True, $"{aliases[0].Name} is a static class");
        var methods = aliases[0].GetMethods(BindingFlags.Public | BindingFlags.Static);
        Assert.That(methods, Is.Not.Empty);
        Assert.That(methods.Select(method => method.GetParameters().FirstOrDefault()?.ParameterType), Has.All.EqualTo(typeof(ICakeContext)), "each alias is an extension method on ICakeContext");

        var settings = types.Where(type => typeof(ToolSettings).IsAssignableFrom(type)).ToList();
        Assert.That(settings, Is.Not.Empty);
        Assert.That(settings.Select(type => type.Name), Has.All.EndWith("Settings"));
    }

    private static bool IsCapturingTool(Type type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(CapturingTool<>))
            {
                return true;
            }
        }

        return false;
    }
}
