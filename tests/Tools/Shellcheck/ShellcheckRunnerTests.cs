using Build.Tools.Shellcheck;

namespace Build.Tests.Tools.Shellcheck;

public sealed class ShellcheckRunnerTests
{
    [Test]
    public void Scripts_are_checked_with_gcc_style_findings_following_their_sourced_files()
    {
        var settings = new ShellcheckSettings();
        settings.Scripts.Add("/repo/build.sh");
        settings.Scripts.Add("/repo/bench/run.sh");

        Assert.That(ShellcheckRunner.BuildArguments(settings).Render(), Is.EqualTo("--format=gcc --external-sources \"/repo/build.sh\" \"/repo/bench/run.sh\""));
    }
}
