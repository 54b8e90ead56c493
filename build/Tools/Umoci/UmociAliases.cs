using Cake.Core;
using Cake.Core.IO;

namespace Build.Tools.Umoci;

public static class UmociAliases
{
    public static DirectoryPath UmociUnpack(this ICakeContext context, UmociUnpackSettings settings) =>
        new UmociRunner(context.FileSystem, context.Environment, context.ProcessRunner, context.Tools) { Runtime = ToolRuntime.Of(context) }.Unpack(settings);
}
