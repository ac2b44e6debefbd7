using Workflow.Data;
using Workflow.Tests.Fixtures;

namespace Workflow.Tests.Data;

public sealed class DvcConfigTests
{
    private const string Bundled = "[core]\n    remote = bundled\n['remote \"bundled\"']\n    url = ../dvc-remote\n";

    public sealed class TheDefaultRemoteMethod
    {
        [Test]
        public void Should_Resolve_A_Relative_Url_Against_The_Dvc_Directory()
        {
            // Given
            using var temp = new TempDirectory();
            var config = DvcConfig.Parse(Bundled, temp.Combine(".dvc"));

            // When
            var remote = config.DefaultRemote();

            // Then
            Assert.That(remote, Is.EqualTo(new DvcRemote("bundled", "../dvc-remote", temp.Combine("dvc-remote"))));
        }

        [Test]
        public void Should_Read_Git_Style_Headers_Quotes_Comments_And_Other_Settings()
        {
            // Given
            using var temp = new TempDirectory();
            var text = "# settings\n[core]\n  autostage = true\n  remote = \"store\"  # default\n"
                + "[remote \"other\"]\n  url = /elsewhere\n[remote \"store\"]\n  url = '/srv/dvc store'\n";
            var config = DvcConfig.Parse(text, temp.Combine(".dvc"));

            // When
            var remote = config.DefaultRemote();

            // Then
            Assert.That(remote, Is.EqualTo(new DvcRemote("store", "/srv/dvc store", "/srv/dvc store")));
        }

        [Test]
        public void Should_Throw_When_There_Is_No_Default_Remote()
        {
            // Given
            using var temp = new TempDirectory();
            var config = DvcConfig.Parse("['remote \"bundled\"']\n    url = ../dvc-remote\n", temp.Combine(".dvc"));

            // When
            var error = Assert.Throws<WorkflowException>(() => config.DefaultRemote());

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"{temp.Combine(".dvc/config")} names no default remote; add `remote = bundled` under `[core]` or "
                + "restore it with `git checkout .dvc/config`."));
        }

        [Test]
        public void Should_Throw_When_The_Default_Remote_Has_No_Section()
        {
            // Given
            using var temp = new TempDirectory();
            var config = DvcConfig.Parse("[core]\n    remote = bundled\n", temp.Combine(".dvc"));

            // When
            var error = Assert.Throws<WorkflowException>(() => config.DefaultRemote());

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"{temp.Combine(".dvc/config")} has no url for the remote 'bundled'; add a ['remote \"bundled\"'] "
                + "section with `url = ../dvc-remote` or restore it with `git checkout .dvc/config`."));
        }

        [Test]
        public void Should_Throw_When_The_Remote_Is_Of_A_Kind_Workflow_Does_Not_Read()
        {
            // Given
            using var temp = new TempDirectory();
            var config = DvcConfig.Parse("[core]\nremote = gs\n['remote \"gs\"']\nurl = gs://bucket/path\n", temp.Combine(".dvc"));

            // When
            var error = Assert.Throws<WorkflowException>(() => config.DefaultRemote());

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"The remote 'gs' in {temp.Combine(".dvc/config")} has the url 'gs://bucket/path', but Workflow reads "
                + "only local, http(s), webdav(s) and s3 remotes; set its url to a folder path such as ../dvc-remote, an "
                + "https:// or an s3:// url."));
        }

        [Test]
        public void Should_Read_An_S3_Remote_With_Dvcs_Keys()
        {
            // Given: what `dvc remote add` and `dvc remote modify [--local]` write
            using var temp = new TempDirectory();
            var text = "[core]\n    remote = store\n['remote \"store\"']\n    url = s3://team-bucket/dvc/store/\n"
                + "    endpointurl = http://127.0.0.1:9000/\n    region = eu-west-1\n    access_key_id = AKIA1\n"
                + "    secret_access_key = s3cret\n    session_token = tok\n    profile = team\n    connect_timeout = 3\n";

            // When
            var remote = DvcConfig.Parse(text, temp.Combine(".dvc")).DefaultRemote();

            // Then
            Assert.That((remote.LocalPath, remote.Http, remote.Location), Is.EqualTo(((string?)null, (HttpRemoteSettings?)null, "s3://team-bucket/dvc/store/")));
            Assert.That(remote.S3, Is.EqualTo(new S3RemoteSettings("s3://team-bucket/dvc/store/", "team-bucket", "dvc/store")
            {
                EndpointUrl = "http://127.0.0.1:9000",
                Region = "eu-west-1",
                AccessKeyId = "AKIA1",
                SecretAccessKey = "s3cret",
                SessionToken = "tok",
                Profile = "team",
                ConnectTimeout = TimeSpan.FromSeconds(3),
            }));
            Assert.That(remote.S3!.KeyOf("files/md5/ab/cdef"), Is.EqualTo("dvc/store/files/md5/ab/cdef"));
        }

        [Test]
        public void Should_Put_Objects_At_The_Buckets_Root_Without_A_Prefix()
        {
            // Given
            using var temp = new TempDirectory();
            var config = DvcConfig.Parse("[core]\nremote = s3\n['remote \"s3\"']\nurl = s3://bucket\n", temp.Combine(".dvc"));

            // When
            var settings = config.DefaultRemote().S3!;

            // Then
            Assert.That((settings.Bucket, settings.Prefix, settings.KeyOf("files/md5/ab/cdef")), Is.EqualTo(("bucket", "", "files/md5/ab/cdef")));
            Assert.That((settings.EndpointUrl, settings.AccessKeyId, settings.Profile), Is.EqualTo(((string?)null, (string?)null, (string?)null)));
        }

        [Test]
        public void Should_Throw_When_Only_Half_Of_A_Key_Pair_Is_Set()
        {
            // Given
            using var temp = new TempDirectory();
            var config = DvcConfig.Parse(
                "[core]\nremote = s3\n['remote \"s3\"']\nurl = s3://bucket\naccess_key_id = AKIA1\n", temp.Combine(".dvc"));

            // When
            var error = Assert.Throws<WorkflowException>(() => config.DefaultRemote());

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"The remote 's3' has access_key_id but no secret_access_key in {temp.Combine(".dvc/config")} or config.local; "
                + "set it with `dvc remote modify --local s3 secret_access_key VALUE`, or remove both to use the AWS environment."));
        }

        [TestCase("s3://", "url", "s3://BUCKET or s3://BUCKET/PREFIX")]
        [TestCase("s3://b\nendpointurl = 127.0.0.1:9000", "endpointurl", "an absolute url such as http://127.0.0.1:9000")]
        public void Should_Throw_On_An_S3_Setting_It_Cannot_Use(string settings, string key, string expected)
        {
            // Given
            using var temp = new TempDirectory();
            var config = DvcConfig.Parse($"[core]\nremote = s3\n['remote \"s3\"']\nurl = {settings}\n", temp.Combine(".dvc"));

            // When
            var error = Assert.Throws<WorkflowException>(() => config.DefaultRemote());

            // Then
            Assert.That(error.Message, Does.Contain($"has {key} = ").And.Contain($"but it must be {expected}; fix it with `dvc remote modify s3 {key} VALUE`"));
        }

        [Test]
        public void Should_Read_An_Http_Remote_With_Dvcs_Keys_And_Post_By_Default()
        {
            // Given
            using var temp = new TempDirectory();
            var text = "[core]\n    remote = team\n['remote \"team\"']\n    url = https://dvc.example.org/store/\n"
                + "    auth = basic\n    user = ann\n    password = secret\n    read_timeout = 5\n";

            // When
            var remote = DvcConfig.Parse(text, temp.Combine(".dvc")).DefaultRemote();

            // Then
            Assert.That(remote.LocalPath, Is.Null);
            Assert.That(remote.Http, Is.EqualTo(new HttpRemoteSettings("https://dvc.example.org/store", "POST")
            {
                Auth = "basic",
                User = "ann",
                Password = "secret",
                ReadTimeout = TimeSpan.FromSeconds(5),
            }));
        }

        [TestCase("https://h/s", "    method = put\n", "https://h/s", "PUT")]
        [TestCase("webdavs://h/s", "", "https://h/s", "PUT")]
        [TestCase("webdav://h/s", "", "http://h/s", "PUT")]
        public void Should_Take_The_Upload_Method_From_The_Config_Or_The_Scheme(string url, string extra, string baseUrl, string method)
        {
            // Given
            using var temp = new TempDirectory();
            var text = $"[core]\nremote = r\n['remote \"r\"']\nurl = {url}\n{extra}";

            // When
            var remote = DvcConfig.Parse(text, temp.Combine(".dvc")).DefaultRemote();

            // Then
            Assert.That((remote.Http!.BaseUrl, remote.Http.Method), Is.EqualTo((baseUrl, method)));
        }

        [Test]
        public void Should_Throw_On_An_Upload_Method_Dvc_Does_Not_Have()
        {
            // Given
            using var temp = new TempDirectory();
            var config = DvcConfig.Parse("[core]\nremote = r\n['remote \"r\"']\nurl = https://h/s\nmethod = PATCH\n", temp.Combine(".dvc"));

            // When
            var error = Assert.Throws<WorkflowException>(() => config.DefaultRemote());

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"The remote 'r' in {temp.Combine(".dvc/config")} has method = PATCH, but it must be POST (DVC's default) "
                + "or PUT; fix it with `dvc remote modify r method VALUE` or edit the file."));
        }
    }

    public sealed class TheLoadMethod
    {
        [Test]
        public void Should_Let_Config_Local_Override_Config()
        {
            // Given
            using var temp = new TempDirectory();
            temp.Write(".dvc/config", Bundled);
            temp.Write(".dvc/config.local", "['remote \"bundled\"']\n    url = /mnt/team-remote\n");

            // When
            var remote = DvcConfig.Load(temp.Combine(".dvc")).DefaultRemote();

            // Then
            Assert.That(remote, Is.EqualTo(new DvcRemote("bundled", "/mnt/team-remote", "/mnt/team-remote")));
        }

        [Test]
        public void Should_Throw_When_The_Config_Is_Missing()
        {
            // Given
            using var temp = new TempDirectory();

            // When
            var error = Assert.Throws<WorkflowException>(() => DvcConfig.Load(temp.Combine(".dvc")));

            // Then
            Assert.That(error.Message, Is.EqualTo(
                $"{temp.Combine(".dvc/config")} does not exist; create it with a default remote (see "
                + "dvc-remote/README.md) or restore it with `git checkout .dvc/config`."));
        }
    }
}
