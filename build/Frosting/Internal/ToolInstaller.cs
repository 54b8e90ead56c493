using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Packaging;
using Cake.Core.Tooling;

namespace Cake.Frosting.Internal;

/// <summary>Installs the tools registered with <c>InstallTool</c> into the tools folder (Paths_Tools, default ./tools) and makes them resolvable.</summary>
internal sealed class ToolInstaller(ICakeEnvironment environment, ICakeConfiguration configuration, IToolLocator locator, IEnumerable<IPackageInstaller> installers) : IToolInstaller
{
    public IEnumerable<Cake.Core.IO.FilePath> Install(PackageReference tool)
    {
        var root = new Cake.Core.IO.DirectoryPath(configuration.GetValue("Paths_Tools") ?? "tools").MakeAbsolute(environment);
        var installer = installers.FirstOrDefault(candidate => candidate.CanInstall(tool, PackageType.Tool))
            ?? throw new FrostingException($"No installer for the '{tool.Scheme}' scheme of tool '{tool.OriginalString}'; use a dotnet: reference such as dotnet:?package=NAME&version=X.");
        var files = installer.Install(tool, PackageType.Tool, root);
        if (files.Count == 0)
        {
            throw new FrostingException($"Installing tool '{tool.Package}' produced no files; check the package name and version in '{tool.OriginalString}'.");
        }

        foreach (var file in files)
        {
            locator.RegisterFile(file.Path);
        }

        return files.Select(file => file.Path).ToList();
    }
}
