import io.github.scratchimage.maven.ItTools
import io.github.scratchimage.maven.SignIt
import java.nio.file.Path

File dir = basedir
Path out = dir.toPath().resolve('target/scratch')
String digest = out.resolve('image.digest').toFile().text.trim()
String log = new File(dir, 'build.log').text
assert log.contains('[DEBUG]') : 'the build ran without -X'
assert !log.contains('it-key-7d2e91c4-Pa55word')

SignIt.checkSignatureFiles(dir, out, digest)
def types = SignIt.checkAttestationFile(dir, out.resolve('image.intoto.jsonl'), digest)
assert types == ['https://slsa.dev/provenance/v1', 'https://spdx.dev/Document'] : types

def statement = ItTools.json(new String(Base64.decoder.decode(ItTools.json(out.resolve('image.intoto.jsonl').toFile().readLines()
        .find { it.contains('"payloadType"') }).payload), 'UTF-8'))
def predicate = statement.predicate
assert predicate.buildDefinition.externalParameters.maven.artifactId == 'save-signed'
assert predicate.buildDefinition.externalParameters.goal == 'save'
assert predicate.buildDefinition.externalParameters.platforms == ['linux/amd64']
assert predicate.runDetails.builder.id.startsWith('pkg:maven/io.github.scratchimage/scratch-maven-plugin@')
assert predicate.buildDefinition.resolvedDependencies.any { it.digest?.sha256 ==~ /[0-9a-f]{64}/ } : 'the plugin jar digest'
return true
