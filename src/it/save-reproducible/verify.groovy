import io.github.scratchimage.maven.ItTools

File dir = basedir
// the two copies really differ on disk
assert new File(dir, 'one/a.txt').lastModified() != new File(dir, 'two/a.txt').lastModified()

String first = new File(dir, 'target/first/image.digest').text.trim()
String second = new File(dir, 'target/second/image.digest').text.trim()
assert first ==~ /sha256:[0-9a-f]{64}/
assert first == second
assert new File(dir, 'target/first/image.tar').bytes == new File(dir, 'target/second/image.tar').bytes

def config = ItTools.skopeo(dir, '--config', "oci-archive:${dir}/target/first/image.tar:1")
assert config.created == '2024-05-01T08:00:00Z'
assert config.config.Env == ['B=2', 'A=1']
assert ItTools.skopeo(dir, "oci-archive:${dir}/target/first/image.tar:1").Digest == first
return true
