using Build.Scanning;
using Build.Tests.Support;

namespace Build.Tests.Scanning;

public sealed class TrivyIgnoreFileTests
{
    [Test]
    public void The_documented_example_gives_every_ID_in_order_and_one_expiry()
    {
        var file = TrivyIgnoreFile.Parse(Samples.Read("trivy/trivyignore"));

        Assert.That(file.Entries.Select(entry => entry.Id), Is.EqualTo(new[]
        {
            "CVE-2018-14618", "CVE-2019-14697", "CVE-2019-1543", "AVD-DS-0002", "generic-unwanted-rule", "aws-account-id",
        }));
        var musl = file.Entries.Single(entry => entry.Id == "CVE-2019-14697");
        Assert.That(musl.ExpiresOn, Is.EqualTo(new DateOnly(2023, 1, 1)));
        Assert.That(musl.Line, Is.EqualTo(5));
        Assert.That(file.Entries.Where(entry => entry.Id != "CVE-2019-14697").Select(entry => entry.ExpiresOn), Is.All.Null);
    }

    [Test]
    public void An_entry_stops_counting_on_its_expiry_date()
    {
        var file = TrivyIgnoreFile.Parse(Samples.Read("trivy/trivyignore"));

        Assert.That(file.ActiveIds(new DateOnly(2022, 12, 31)), Does.Contain("CVE-2019-14697"));
        Assert.That(file.ActiveIds(new DateOnly(2023, 1, 1)), Does.Not.Contain("CVE-2019-14697"));
        Assert.That(file.ActiveIds(new DateOnly(2023, 1, 1)), Has.Count.EqualTo(5));
        Assert.That(file.Expired(new DateOnly(2023, 1, 1)).Select(entry => entry.Id), Is.EqualTo(new[] { "CVE-2019-14697" }));
    }

    [Test]
    public void Words_after_the_ID_other_than_exp_are_ignored_and_CRLF_lines_are_read()
    {
        var file = TrivyIgnoreFile.Parse("CVE-2024-0001 # waiting for upstream exp:2030-06-30\r\n\r\n  GHSA-abcd-efgh-ijkl\r\n");

        Assert.That(file.Entries.Select(entry => (entry.Id, entry.ExpiresOn)), Is.EqualTo(new (string, DateOnly?)[]
        {
            ("CVE-2024-0001", new DateOnly(2030, 6, 30)), ("GHSA-abcd-efgh-ijkl", null),
        }));
    }

    [Test]
    public void A_malformed_expiry_names_the_file_the_line_and_the_format()
    {
        var error = Assert.Throws<ReportFormatException>(() => TrivyIgnoreFile.Parse("# accepted\nCVE-2024-0001 exp:31/12/2024\n", "/repo/.trivyignore"));

        Assert.That(error.Message, Does.Contain("/repo/.trivyignore line 2").And.Contain("'exp:31/12/2024'").And.Contain("exp:YYYY-MM-DD"));
    }

    [Test]
    public void A_missing_file_accepts_nothing_as_trivy_does()
    {
        using var directory = new TempDirectory();

        Assert.That(TrivyIgnoreFile.Load(directory.Combine(".trivyignore")).Entries, Is.Empty);
    }

    [Test]
    public void Loading_reads_the_file()
    {
        using var directory = new TempDirectory();
        var path = directory.Write(".trivyignore", "CVE-2019-14697 exp:2099-01-01\n");

        Assert.That(TrivyIgnoreFile.Load(path).ActiveIds(new DateOnly(2026, 1, 1)), Is.EquivalentTo(new[] { "CVE-2019-14697" }));
    }
}
