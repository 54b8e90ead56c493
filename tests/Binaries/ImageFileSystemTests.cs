using System.Text;
using Build.Binaries;
using static Build.Tests.Binaries.Layers;

namespace Build.Tests.Binaries;

/// <summary>The layer walk on hand-made tar.gz layers: order, whiteouts, links inside the image, and what is refused.</summary>
public sealed class ImageFileSystemTests
{
    private static string Read(string path, params ImageLayer[] layers) => Encoding.UTF8.GetString(ImageFileSystem.Read(layers).ReadFile(path));

    private static string Refused(string path, params ImageLayer[] layers) =>
        Assert.Throws<ImageFileException>(() => ImageFileSystem.Read(layers).ReadFile(path))!.Message;

    [Test]
    public void A_file_is_read_from_the_only_layer_whatever_its_entry_name_s_prefix()
    {
        Assert.That(Read("/rds-csi-driver", Layer(File("./rds-csi-driver", "v1"))), Is.EqualTo("v1"));
        Assert.That(Read("/usr/bin/tool", Layer(Folder("usr/"), Folder("usr/bin/"), File("usr/bin/tool", "t"))), Is.EqualTo("t"));
    }

    [Test]
    public void The_last_layer_s_version_of_a_file_wins()
    {
        var layers = new[] { Layer(File("rds-csi-driver", "old")), Layer(File("etc/os-release", "x")), Layer(File("rds-csi-driver", "new")) };

        Assert.That(Read("/rds-csi-driver", layers), Is.EqualTo("new"));
        Assert.That(Read("/rds-csi-driver", layers[0], layers[1]), Is.EqualTo("old"));
    }

    [Test]
    public void A_later_entry_of_the_same_layer_wins()
    {
        Assert.That(Read("/a", Layer(File("a", "first"), File("a", "second"))), Is.EqualTo("second"));
    }

    [Test]
    public void A_whiteout_removes_the_file_of_a_lower_layer()
    {
        var message = Refused("/usr/bin/driver", Layer(File("usr/bin/driver", "v1")), Layer(File("usr/bin/.wh.driver", "")));

        Assert.That(message, Does.Contain("/usr/bin/driver is not in the image"));
    }

    [Test]
    public void A_whiteout_of_a_folder_removes_what_it_held_and_a_later_layer_may_add_it_again()
    {
        var lower = Layer(File("opt/driver/bin", "v1"));
        var whiteout = Layer(File("opt/.wh.driver", ""));

        Assert.That(Refused("/opt/driver/bin", lower, whiteout), Does.Contain("not in the image"));
        Assert.That(Read("/opt/driver/bin", lower, whiteout, Layer(File("opt/driver/bin", "v2"))), Is.EqualTo("v2"));
    }

    [Test]
    public void An_opaque_whiteout_hides_the_lower_layers_content_of_its_folder_but_not_its_own_layer_s()
    {
        var lower = Layer(File("app/old", "o"), File("app/kept-elsewhere", "k"), File("other/file", "f"));
        var opaque = Layer(File("app/.wh..wh..opq", ""), File("app/new", "n"));

        Assert.That(Refused("/app/old", lower, opaque), Does.Contain("not in the image"));
        Assert.That(Read("/app/new", lower, opaque), Is.EqualTo("n"));
        Assert.That(Read("/other/file", lower, opaque), Is.EqualTo("f"));
    }

    [Test]
    public void A_file_that_replaces_a_folder_hides_what_the_folder_held()
    {
        Assert.That(Refused("/bin/tool", Layer(File("bin/tool", "t")), Layer(File("bin", "a file now"))), Does.Contain("/bin in the image is not a folder"));
    }

    [Test]
    public void A_symbolic_link_is_followed_inside_the_image_relative_or_absolute()
    {
        var layer = Layer(File("usr/local/bin/rds-csi-driver", "binary"), Symlink("rds-csi-driver", "usr/local/bin/rds-csi-driver"), Symlink("usr/bin/driver", "../local/bin/rds-csi-driver"), Symlink("abs", "/usr/bin/driver"));

        Assert.That(Read("/rds-csi-driver", layer), Is.EqualTo("binary"));
        Assert.That(Read("/usr/bin/driver", layer), Is.EqualTo("binary"));
        Assert.That(Read("/abs", layer), Is.EqualTo("binary"));
    }

    [Test]
    public void A_symbolic_link_to_a_folder_on_the_way_is_followed_inside_the_image()
    {
        Assert.That(Read("/bin/driver", Layer(File("usr/bin/driver", "d"), Symlink("bin", "usr/bin"))), Is.EqualTo("d"));
    }

    [Test]
    public void A_symbolic_link_that_climbs_out_of_the_image_is_refused()
    {
        var message = Refused("/rds-csi-driver", Layer(Symlink("rds-csi-driver", "../../../etc/passwd")));

        Assert.That(message, Does.Contain("climbs above the image's root").And.Contain("never followed"));
    }

    [Test]
    public void A_symbolic_link_loop_is_refused()
    {
        Assert.That(Refused("/a", Layer(Symlink("a", "b"), Symlink("b", "a"))), Does.Contain("more than 40 symbolic links"));
    }

    [Test]
    public void A_dangling_symbolic_link_is_refused_naming_the_missing_target()
    {
        Assert.That(Refused("/rds-csi-driver", Layer(Symlink("rds-csi-driver", "/gone"))), Does.Contain("no layer holds /gone"));
    }

    [Test]
    public void A_later_layer_writing_into_a_lower_layer_s_folder_link_writes_into_the_link_s_target_as_a_runtime_does()
    {
        var layers = new[] { Layer(Folder("usr/bin/"), Symlink("bin", "usr/bin")), Layer(File("bin/driver", "through the link")) };

        Assert.That(Read("/usr/bin/driver", layers), Is.EqualTo("through the link"));
        Assert.That(Read("/bin/driver", layers), Is.EqualTo("through the link"));
    }

    [Test]
    public void A_layer_entry_written_through_a_link_that_climbs_out_of_the_image_is_refused()
    {
        var message = Assert.Throws<ImageFileException>(() => ImageFileSystem.Read([Layer(Symlink("evil", "../../..")), Layer(File("evil/etc/cron.d/job", "x"))]))!.Message;

        Assert.That(message, Does.Contain("Layer 2").And.Contain("entry /evil/etc/cron.d/job").And.Contain("climbs above the image's root"));
    }

    [Test]
    public void A_file_written_under_a_lower_layer_s_file_makes_that_path_a_folder()
    {
        Assert.That(Read("/opt/driver", Layer(File("opt", "a file")), Layer(File("opt/driver", "d"))), Is.EqualTo("d"));
    }

    [Test]
    public void A_hard_link_is_read_as_the_file_it_links_to()
    {
        Assert.That(Read("/bin/driver", Layer(File("usr/bin/driver", "hard"), HardLink("bin/driver", "usr/bin/driver"))), Is.EqualTo("hard"));
        Assert.That(Read("/bin/driver", Layer(File("usr/bin/driver", "lower")), Layer(HardLink("bin/driver", "usr/bin/driver"))), Is.EqualTo("lower"));
    }

    [Test]
    public void A_hard_link_to_nothing_is_refused()
    {
        Assert.That(Refused("/bin/driver", Layer(HardLink("bin/driver", "usr/bin/absent"))), Does.Contain("hard link to /usr/bin/absent"));
    }

    [Test]
    public void An_entry_with_dot_dot_is_refused_naming_the_layer_and_the_entry()
    {
        var layer = Layer(File("../../etc/cron.d/evil", "x"), File("rds-csi-driver", "ok"));

        var message = Assert.Throws<ImageFileException>(() => ImageFileSystem.Read([layer]))!.Message;

        Assert.That(message, Does.Contain("Layer 1 (" + layer.Digest + ")").And.Contain("'../../etc/cron.d/evil'").And.Contain("refused"));
    }

    [Test]
    public void A_hard_link_whose_target_has_dot_dot_is_refused()
    {
        Assert.That(() => ImageFileSystem.Read([Layer(HardLink("bin/driver", "../../etc/shadow"))]), Throws.InstanceOf<ImageFileException>().With.Message.Contain("'../../etc/shadow'"));
    }

    [Test]
    public void A_folder_is_not_a_binary()
    {
        Assert.That(Refused("/usr", Layer(File("usr/bin/x", "x"))), Does.Contain("/usr in the image is a folder"));
    }

    [Test]
    public void An_uncompressed_layer_is_read_and_a_zstd_one_is_refused_by_name()
    {
        var plain = Tar(File("rds-csi-driver", "plain"));
        Assert.That(Read("/rds-csi-driver", new ImageLayer("sha256:plain", plain)), Is.EqualTo("plain"));

        var zstd = new ImageLayer("sha256:zstd", [0x28, 0xb5, 0x2f, 0xfd, 0, 0]);
        Assert.That(() => ImageFileSystem.Read([zstd]), Throws.InstanceOf<ImageFileException>().With.Message.Contain("sha256:zstd is zstd-compressed"));
    }

    [Test]
    public void A_layer_that_is_not_a_tar_archive_is_refused_by_name()
    {
        var garbage = Layers.Gzip(Encoding.ASCII.GetBytes(new string('x', 1024)));

        Assert.That(() => ImageFileSystem.Read([new ImageLayer("sha256:garbage", garbage)]), Throws.InstanceOf<ImageFileException>().With.Message.Contain("sha256:garbage is not a readable tar archive"));
    }

    [Test]
    public void An_entry_larger_than_512_MiB_is_refused_without_reading_it()
    {
        // A header that claims 513 MiB followed by no data: the size is checked before anything is read.
        using var ustar = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(ustar, System.Formats.Tar.TarEntryFormat.Ustar, leaveOpen: true))
        {
            writer.WriteEntry(new System.Formats.Tar.UstarTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "rds-csi-driver") { DataStream = new MemoryStream([1]) });
        }

        var header = ustar.ToArray()[..512];
        var size = Convert.ToString(513L * 1024 * 1024, 8).PadLeft(11, '0');
        Encoding.ASCII.GetBytes(size).CopyTo(header, 124);
        Encoding.ASCII.GetBytes("        ").CopyTo(header, 148);
        var checksum = header.Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(checksum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);

        var message = Assert.Throws<ImageFileException>(() => ImageFileSystem.Read([new ImageLayer("sha256:big", header)]))!.Message;

        Assert.That(message, Does.Contain("/rds-csi-driver of 537919488 bytes, more than the 512 MiB").And.Contain("refused"));
    }
}
