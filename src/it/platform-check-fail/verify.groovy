// The amd64 image would be fine; the arm64 one has an x86-64 entrypoint: the build fails naming the
// file, what it is and the platform, and nothing is written, not even a layer blob.
import io.github.scratchimage.maven.ItTools
import java.nio.file.Files

ItTools.assertFailedWithoutOutput(basedir, '<platformCheck>', 'the entrypoint /usr/local/bin/app',
        'target/native/app', 'x86-64', 'but the image platform is linux/arm64', 'set the platform check to warn')
assert !Files.exists(basedir.toPath().resolve('target/scratch/work/blobs'))
String log = new File(basedir, 'build.log').text
assert !log.contains('Layer ')
assert !log.contains('is linux/amd64.')
return true
