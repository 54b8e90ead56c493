using Build.Tools.Apt;

namespace Build.Tests.Tools.Apt;

public sealed class AptRunnerTests
{
    [Test]
    public void Install_is_non_interactive_and_lean()
    {
        var settings = new AptInstallSettings();
        settings.Packages.Add("buildah");
        settings.Packages.Add("skopeo");

        Assert.That(AptRunner.InstallArguments(settings).Render(), Is.EqualTo("install -y -qq --no-install-recommends \"buildah\" \"skopeo\""));
    }
}
