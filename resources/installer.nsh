; Uninstalling keeps ~/.ai-switch (config, encrypted keys, request history)
; unless the user says otherwise. An update uninstalls the old version
; silently: that must never delete anything.
!macro customUnInstall
  ${ifNot} ${isUpdated}
    IfSilent keep_home
    MessageBox MB_YESNO|MB_ICONQUESTION|MB_DEFBUTTON2 "Also delete your AI Switch settings, provider keys and request history ($PROFILE\.ai-switch)?" IDNO keep_home
      RMDir /r "$PROFILE\.ai-switch"
    keep_home:
  ${endIf}
!macroend
