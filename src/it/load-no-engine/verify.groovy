// The build failed naming the socket, where it came from and how to start an engine; no layer was built.
import io.github.scratchimage.maven.ItTools

ItTools.assertFailedWithoutOutput(basedir,
        'scratch: cannot connect to the container engine at unix:///nonexistent/scratch-it/engine.sock (from DOCKER_HOST)',
        'Is it running?', 'podman system service', '<dockerHost>')
String log = new File(basedir, 'build.log').text
assert !log.contains("Layer 'app'") : 'a layer was built before the engine was asked'
return true
