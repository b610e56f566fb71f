String log = new File(basedir, 'build.log').text
assert log.contains('BUILD FAILURE')
assert log.contains('<workingDirectroy>: is not a parameter of scratch-maven-plugin; did you mean <workingDirectory>?')
assert !log.contains('<retries>: is not a parameter') : 'a parameter of another goal (push) is no typo'
assert !new File(basedir, 'target/scratch/image.tar').exists()
return true
