// With platformCheck=warn the image is built; the arm64 mismatch is a warning, amd64 passes silently.
import io.github.scratchimage.maven.ItTools
import java.nio.file.Path

File dir = basedir
String log = new File(dir, 'build.log').text
assert log.contains('BUILD SUCCESS')
def warnings = log.readLines().findAll { it.startsWith('[WARNING] Platform check:') }
assert warnings.size() == 1 : warnings
assert warnings[0].contains('the entrypoint /usr/local/bin/app')
assert warnings[0].contains('but the image platform is linux/arm64')
assert warnings[0].contains('the platform check is set to warn')

Path tar = dir.toPath().resolve('target/scratch/image.tar')
def index = ItTools.skopeo(dir, '--raw', "oci-archive:${tar}:0.1")
assert index.manifests*.platform*.architecture == ['amd64', 'arm64']
return true
