using System.Globalization;
using Cake.Core;
using Cake.Core.Diagnostics;

namespace Build;

/// <summary>At --verbosity=minimal, one line per task: what it did and how long it took.</summary>
public sealed class BuildTaskLifetime : FrostingTaskLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ITaskSetupContext info)
    {
    }

    public override void Teardown(BuildContext context, ITaskTeardownContext info)
    {
        if (context.Log.Verbosity != Verbosity.Minimal)
        {
            return;
        }

        var status = info.Skipped ? "skipped" : info.Successful ? "done" : "FAILED";
        context.Log.Write(Verbosity.Minimal, LogLevel.Information, "{0,-12} {1,-8} {2} s", info.Task.Name, status, info.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture));
    }
}
