using Build.Configuration;
using Build.Releasing;
using Build.Tests.Support;

namespace Build.Tests.Releasing;

/// <summary>The release notes' verification section, composed from the facts of a release.</summary>
public sealed class ReleaseNotesTests
{
    private static VerificationFacts Facts(string? provenance) =>
        new(InMemoryContexts.Pushed, SigningMode.Key, null, false, "rds-csi-driver-1.2.3.tgz", "rds-csi-driver-1.2.3.tgz.sig", "SHA256SUMS.sig", HelmProvenanceFile: provenance);

    [Test]
    public void A_release_with_a_Helm_provenance_file_says_how_to_check_it_with_helm_verify_and_the_released_key()
    {
        var notes = ReleaseNotes.Compose("### Added\n- things", Facts("rds-csi-driver-1.2.3.tgz.prov"));

        Assert.That(notes, Does.Contain("The chart's Helm provenance `rds-csi-driver-1.2.3.tgz.prov` (`helm verify`, `helm install --verify`) is signed with the OpenPGP key `helm-signing.asc`"));
        Assert.That(notes, Does.EndWith("```bash\ngpg --dearmor < helm-signing.asc > helm-signing.gpg\nhelm verify --keyring helm-signing.gpg rds-csi-driver-1.2.3.tgz\n```\n"));
    }

    [Test]
    public void A_release_without_one_names_no_helm_verify_command()
    {
        Assert.That(ReleaseNotes.Compose("### Added\n- things", Facts(null)), Does.Not.Contain("helm verify").And.Not.Contain("helm-signing"));
    }
}
